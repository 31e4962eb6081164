import Foundation
import PostgresKit
import SQLKit
import SQLiteKit

/// How a write transaction that the database aborted because of a concurrent one is run again.
///
/// PostgreSQL resolves some collisions between transactions by aborting one of them (SQLSTATE 40001
/// serialization failure, 40P01 deadlock, 55P03 lock not available); SQLite gives up waiting for
/// another process's write lock after its busy timeout (a command run beside a busy server, two
/// servers on one file), which is no different. Everything the transaction did
/// was rolled back, so running its body again is safe — which is why a transaction body must have
/// no effect outside the transaction (it may set, never accumulate, state it hands back). When the
/// attempts run out, ``StoreError/busy(retryAfter:)`` says so, and the server answers 503 with
/// Retry-After rather than 500.
public struct ConflictRetry: Sendable {
    /// How many times a body is run at most.
    public var attempts: Int
    /// The longest pause before one attempt, in milliseconds; pauses grow with the attempt and are
    /// jittered so that the transactions that collided spread out.
    public var longestPauseMilliseconds: Int

    public init(attempts: Int = 8, longestPauseMilliseconds: Int = 200) {
        self.attempts = max(1, attempts)
        self.longestPauseMilliseconds = max(1, longestPauseMilliseconds)
    }

    /// Runs `attempt` until it succeeds, throws something other than a transient conflict, or the
    /// attempts run out.
    func run<T: Sendable>(_ attempt: () async throws -> T) async throws -> T {
        var tried = 1
        while true {
            do {
                return try await attempt()
            } catch  where Self.isTransientConflict(error) {
                guard tried < attempts else { throw StoreError.busy(retryAfter: 1) }
                let ceiling = min(longestPauseMilliseconds, 2 << min(tried, 10))
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...ceiling)))
                tried += 1
            }
        }
    }

    /// Whether `error` is a concurrency conflict the database resolved by aborting one transaction,
    /// after which the work can be run again.
    public static func isTransientConflict(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            return [.busy, .busyTimeout, .locked].contains(sqlite.reason)
        }
        return DatabaseFailure.sqlState(of: error).map { ["40001", "40P01", "55P03"].contains($0) } ?? false
    }
}

/// What a database error means, whichever engine raised it.
enum DatabaseFailure {
    /// A row with the same unique key was committed first by a concurrent transaction (on SQLite,
    /// whose writes run one at a time, a check in the same transaction finds it first instead).
    static func isUniqueViolation(_ error: any Error) -> Bool { sqlState(of: error) == "23505" }

    /// The SQLSTATE code PostgreSQL gave for `error`, if it is a PostgreSQL server error.
    static func sqlState(of error: any Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }
}
