import Foundation
import PostgresKit
import SQLKit

extension DatabaseHandle {
    /// Runs `body` in a write transaction, running it again (up to `attempts` times in all) when the
    /// database gave up on it because of a concurrent transaction: a PostgreSQL serialization failure
    /// or deadlock. Such a failure rolled everything back, so running again is safe — provided `body`
    /// has no effect outside the transaction. Any other error is thrown at once.
    func writeRetryingConflicts<T: Sendable>(
        attempts: Int = 5, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await write(body)
            } catch  where attempt < attempts && Self.isTransientConflict(error) {
                attempt += 1
                // A short, growing, jittered pause so that the transactions that collided spread out.
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...5) * attempt * attempt))
            }
        }
    }

    /// Whether `error` is a concurrency conflict the database resolved by aborting one transaction
    /// (SQLSTATE 40001 serialization failure, 40P01 deadlock), after which the work can be retried.
    static func isTransientConflict(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }
}
