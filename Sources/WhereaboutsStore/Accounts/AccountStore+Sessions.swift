import Foundation
import SQLKit
import Synchronization
import WhereaboutsSecurity

/// A signed-in browser session. The browser holds a random token; the database holds its SHA-256.
public struct Session: Sendable, Hashable {
    public let account: Account
    /// Whether the second factor was given in this session (else only the second-factor pages are open).
    public let secondFactorDone: Bool
    /// The token every form of this session must carry.
    public let csrfToken: String
    /// The stored hash of the session token (names the session without revealing it).
    public let idHash: String
}

extension AccountStore {
    /// Starts a session after a password was accepted; returns the token for the cookie.
    public func createSession(account: Account, secondFactorDone: Bool, address: String?) async throws -> String {
        let token = SecretToken.generate()
        let now = self.now
        try await accountWrite { db in
            try await db.raw(
                """
                INSERT INTO sessions (id_hash, user_id, second_factor_done, csrf_token, created_at, last_seen_at, address)
                VALUES (\(bind: SecretToken.hash(token)), \(bind: account.id), \(bind: secondFactorDone ? 1 : 0),
                    \(bind: SecretToken.generate()), \(bind: now), \(bind: now), \(bind: address.map { String($0.prefix(64)) }))
                """
            ).run()
        }
        return token
    }

    /// The live session a token names: unexpired (idle and absolute), its account enabled and not
    /// signed out everywhere since. Using it keeps it alive.
    public func session(token: String) async throws -> Session? {
        guard token.count <= 100 else { return nil }
        let hash = SecretToken.hash(token)
        let nowDate = clock()
        if let cached = sessionCache.withLock({ $0[hash] }),
            nowDate.timeIntervalSince(cached.fetched) < sessionPolicy.cacheLifetime,
            nowDate.timeIntervalSince(cached.lastSeen) < sessionPolicy.idleTimeout,
            nowDate.timeIntervalSince(cached.created) < sessionPolicy.absoluteTimeout
        {
            return cached.session
        }
        let generation = sessionCacheGeneration.load(ordering: .sequentiallyConsistent)
        // One read: the session with its account's state, then the account itself.
        let found = try await database.read { db -> (any SQLRow, Account)? in
            guard
                let row = try await db.raw(
                    """
                    SELECT s.user_id, s.second_factor_done, s.csrf_token, s.created_at, s.last_seen_at,
                        u.sessions_valid_after
                    FROM sessions s JOIN users u ON u.id = s.user_id
                    WHERE s.id_hash = \(bind: hash) AND u.disabled = 0
                    """
                ).first(),
                let account = try await self.accounts(
                    where: "u.id = \(bind: try row.decode(column: "user_id", as: String.self))", in: db
                ).first
            else { return nil }
            return (row, account)
        }
        guard let (row, account) = found else { return nil }
        let created = Timestamp.parse(try row.decode(column: "created_at", as: String.self)) ?? .distantPast
        let seen = Timestamp.parse(try row.decode(column: "last_seen_at", as: String.self)) ?? .distantPast
        let validAfter =
            Timestamp.parse(try row.decode(column: "sessions_valid_after", as: String.self)) ?? .distantFuture
        guard nowDate.timeIntervalSince(seen) < sessionPolicy.idleTimeout,
            nowDate.timeIntervalSince(created) < sessionPolicy.absoluteTimeout, created >= validAfter
        else {
            try await endSession(token: token)
            return nil
        }
        // Written at most once a minute, so reading pages does not turn into a stream of writes.
        var lastSeen = seen
        if nowDate.timeIntervalSince(seen) > 60 {
            let now = Timestamp.format(nowDate)
            try await database.write { db in
                try await db.raw("UPDATE sessions SET last_seen_at = \(bind: now) WHERE id_hash = \(bind: hash)").run()
            }
            lastSeen = nowDate
        }
        let session = Session(
            account: account, secondFactorDone: try row.decode(column: "second_factor_done", as: Int.self) != 0,
            csrfToken: try row.decode(column: "csrf_token", as: String.self), idHash: hash)
        sessionCache.withLock { cache in
            // Not cached when an account or session changed while it was being read.
            guard sessionCacheGeneration.load(ordering: .sequentiallyConsistent) == generation else { return }
            if cache.count >= 10_000 { cache.removeAll() }
            cache[hash] = (session, lastSeen, created, nowDate)
        }
        return session
    }

    /// Replaces a session by a new one that has passed the second factor (a new token, so a token
    /// seen before the second factor is worth nothing after it).
    public func completeSecondFactor(token: String, address: String?) async throws -> String? {
        guard let session = try await session(token: token) else { return nil }
        try await endSession(token: token)
        return try await createSession(account: session.account, secondFactorDone: true, address: address)
    }

    /// Ends one session.
    public func endSession(token: String) async throws {
        let hash = SecretToken.hash(token)
        try await accountWrite { db in try await db.raw("DELETE FROM sessions WHERE id_hash = \(bind: hash)").run() }
    }

    /// "Sign out everywhere": ends every session of an account and revokes every API token it has,
    /// in one transaction (a stolen cookie or a copied token stops working at once). Returns how many
    /// tokens were revoked.
    @discardableResult
    public func signOutEverywhere(userID: String) async throws -> Int {
        let now = self.now
        return try await accountWrite { db in
            try await self.endSessions(userID: userID, now: now, in: db)
            return try await db.raw(
                "UPDATE api_tokens SET revoked = 1 WHERE user_id = \(bind: userID) AND revoked = 0 RETURNING id"
            ).all().count
        }
    }

    /// Ends every session of an account inside a caller's transaction: deleted, and any session
    /// started before now refused even if another process still holds it in its cache.
    func endSessions(userID: String, now: String, in db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
        try await db.raw("UPDATE users SET sessions_valid_after = \(bind: now) WHERE id = \(bind: userID)").run()
    }
}
