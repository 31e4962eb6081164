import Foundation
import SQLKit

/// An attempt (a password, a second-factor code) that throttling let through: it has already been
/// counted as a failure, and is taken back only if it succeeds.
struct ClaimedAttempt: Sendable {
    /// When it was claimed (stored form).
    let at: String
    /// The `blocked_until` each key was given by this claim.
    let blockedUntil: [String: String]
}

/// Whether throttling lets an attempt be checked.
enum AttemptClaim: Sendable {
    case granted(ClaimedAttempt)
    /// A key is blocked; try again after this many seconds.
    case throttled(retryAfter: Int)
}

extension AccountStore {
    /// Seconds a key is blocked after its `failures`-th failure: none for the first three, then
    /// doubling from one second, at most fifteen minutes. Addresses get ten free attempts.
    static func backoff(failures: Int, isAddress: Bool) -> Int {
        let free = isAddress ? 10 : 3
        guard failures > free else { return 0 }
        return min(900, 1 << min(failures - free - 1, 10))
    }

    /// Counts an attempt against every key *before* it is checked, in one transaction that also
    /// checks the keys' blocks: when any key is blocked nothing is counted and the attempt must not
    /// be checked. Each key's count goes up in one conditional upsert, so parallel attempts cannot
    /// all read "not blocked" before any of them is counted; the count then sets the key's next block.
    ///
    /// Keys are claimed in a fixed order (no deadlock between two claims); on PostgreSQL a claim
    /// aborted by a concurrent one is run again (as every write is).
    func claimAttempt(keys: [String]) async throws -> AttemptClaim {
        let nowDate = clock()
        let now = Timestamp.format(nowDate)
        do {
            let claim = try await database.write { db in
                var blockedUntil: [String: String] = [:]
                for key in Set(keys).sorted() {
                    let counted = try await db.raw(
                        """
                        INSERT INTO sign_in_failures (throttle_key, failures, last_failure_at, blocked_until)
                        VALUES (\(bind: key), 1, \(bind: now), \(bind: now))
                        ON CONFLICT (throttle_key) DO UPDATE SET failures = sign_in_failures.failures + 1,
                            last_failure_at = excluded.last_failure_at
                        WHERE sign_in_failures.blocked_until <= excluded.last_failure_at
                        RETURNING failures
                        """
                    ).first(decodingColumn: "failures", as: Int.self)
                    guard let counted else {
                        let until = try await db.raw(
                            "SELECT blocked_until FROM sign_in_failures WHERE throttle_key = \(bind: key)"
                        ).first(decodingColumn: "blocked_until", as: String.self)
                        throw KeyBlocked(until: until.flatMap(Timestamp.parse) ?? nowDate)
                    }
                    let seconds = Self.backoff(failures: counted, isAddress: key.hasPrefix("address:"))
                    let until = Timestamp.format(nowDate.addingTimeInterval(Double(seconds)))
                    try await db.raw(
                        "UPDATE sign_in_failures SET blocked_until = \(bind: until) WHERE throttle_key = \(bind: key)"
                    ).run()
                    blockedUntil[key] = until
                }
                return ClaimedAttempt(at: now, blockedUntil: blockedUntil)
            }
            return .granted(claim)
        } catch let blocked as KeyBlocked {
            return .throttled(retryAfter: max(1, Int(blocked.until.timeIntervalSince(nowDate).rounded(.up))))
        }
    }

    /// Takes back a claimed attempt that succeeded: the keys in `clearing` start afresh (the account
    /// proved itself), the others (an address shared by an office) lose the one failure counted for
    /// it, and the block it set, unless a later attempt has set another since.
    func attemptSucceeded(_ claim: ClaimedAttempt, clearing: Set<String>) async throws {
        try await database.write { db in
            for (key, until) in claim.blockedUntil.sorted(by: { $0.key < $1.key }) {
                if clearing.contains(key) {
                    try await db.raw("DELETE FROM sign_in_failures WHERE throttle_key = \(bind: key)").run()
                } else {
                    try await db.raw(
                        """
                        UPDATE sign_in_failures SET failures = failures - 1,
                            blocked_until = CASE WHEN blocked_until = \(bind: until) THEN \(bind: claim.at)
                                ELSE blocked_until END
                        WHERE throttle_key = \(bind: key) AND failures > 0
                        """
                    ).run()
                }
            }
        }
    }
}

/// Thrown inside a claim's transaction (rolling back what it counted) when a key is blocked.
private struct KeyBlocked: Error {
    let until: Date
}
