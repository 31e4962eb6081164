import Foundation
import SQLKit
import WhereaboutsSecurity

/// An API token as listed (never its secret, which is shown once when made).
public struct APITokenInfo: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
    public let permissions: Set<Permission>
    public let createdAt: String
    public let expiresAt: String
    public let lastUsedAt: String?
    public let revoked: Bool
}

extension AccountStore {
    /// Makes a token for scripts and the CLI, limited to `permissions` (within the account's own) and
    /// to the account's compartments as they are now, expiring after `lifetime`. The returned secret is
    /// not stored and cannot be shown again.
    ///
    /// For the operator at the machine (`whereabouts users token`) and tests only: the server mints
    /// with ``createToken(_:name:permissions:lifetime:)``, which needs a step-up.
    /// `alsoInTransaction` runs in the same transaction (a use-case's audit entry).
    public func createToken(
        userID: String, name: String, permissions: Set<Permission>, lifetime: TimeInterval,
        alsoInTransaction: AlsoInTransaction? = nil
    ) async throws -> String {
        guard let account = try await account(id: userID), !account.disabled else { throw AccountError.noSuchAccount }
        let token = SecretToken.generate(prefix: "wh_")
        let granted = permissions.intersection(account.permissions)
        let now = self.now
        let expires = time(min(max(lifetime, 60), 366 * 24 * 3600))
        try await accountWrite { db in
            try await db.raw(
                """
                INSERT INTO api_tokens (id, user_id, name, token_hash, permissions, created_at, expires_at, last_used_at,
                    revoked, compartments)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: userID), \(bind: String(name.prefix(200))),
                    \(bind: SecretToken.hash(token)), \(bind: granted.storedForm), \(bind: now), \(bind: expires), NULL, 0,
                    \(bind: Self.storedCompartments(account.compartments)))
                """
            ).run()
            try await alsoInTransaction?(db)
        }
        return token
    }

    /// The account a token acts for, with the token's permissions narrowed to what the account holds now.
    public func authenticate(token: String) async throws -> Account? {
        guard token.hasPrefix("wh_"), token.count <= 100 else { return nil }
        let hash = SecretToken.hash(token)
        let now = self.now
        guard
            let row = try await database.read({ db in
                try await db.raw(
                    """
                    SELECT user_id, permissions, last_used_at, compartments FROM api_tokens
                    WHERE token_hash = \(bind: hash) AND revoked = 0 AND expires_at > \(bind: now)
                    """
                ).first()
            }), let account = try await account(id: try row.decode(column: "user_id", as: String.self)),
            !account.disabled
        else { return nil }
        // Noted at most once a minute, so API calls do not each take the write lock.
        let lastUsed = try row.decode(column: "last_used_at", as: String?.self).flatMap(Timestamp.parse)
        if lastUsed.map({ clock().timeIntervalSince($0) > 60 }) ?? true {
            try await database.write { db in
                try await db.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE token_hash = \(bind: hash)")
                    .run()
            }
        }
        let granted = Set<Permission>(storedForm: try row.decode(column: "permissions", as: String.self))
        // Within what the account reaches now and what it reached when the token was made.
        let minted = try row.decode(column: "compartments", as: String?.self).map(Self.compartments(stored:))
        let compartments = minted.map { minted in account.compartments.filter(minted.contains) } ?? account.compartments
        return Account(
            id: account.id, username: account.username, email: account.email, displayName: account.displayName,
            role: account.role, permissions: granted.intersection(account.permissions), language: account.language,
            compartments: compartments, hasSecondFactor: account.hasSecondFactor,
            hasPassword: account.hasPassword, disabled: false)
    }

    /// Compartment ids as a token row stores them (ids never hold a space: ``CompartmentID``).
    static func storedCompartments(_ compartments: [String]) -> String { compartments.sorted().joined(separator: " ") }

    static func compartments(stored: String) -> Set<String> {
        Set(stored.split(separator: " ").map(String.init))
    }

    /// An account's tokens, newest first.
    public func tokens(userID: String) async throws -> [APITokenInfo] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT id, name, permissions, created_at, expires_at, last_used_at, revoked FROM api_tokens
                WHERE user_id = \(bind: userID) ORDER BY created_at DESC
                """
            ).all().map { row in
                APITokenInfo(
                    id: try row.decode(column: "id", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    permissions: Set(storedForm: try row.decode(column: "permissions", as: String.self)),
                    createdAt: try row.decode(column: "created_at", as: String.self),
                    expiresAt: try row.decode(column: "expires_at", as: String.self),
                    lastUsedAt: try row.decode(column: "last_used_at", as: String?.self),
                    revoked: try row.decode(column: "revoked", as: Int.self) != 0)
            }
        }
    }

    /// Revokes one of an account's tokens; `alsoInTransaction` runs in the same transaction.
    public func revokeToken(id: String, userID: String, alsoInTransaction: AlsoInTransaction? = nil) async throws {
        try await accountWrite { db in
            try await db.raw(
                "UPDATE api_tokens SET revoked = 1 WHERE id = \(bind: id) AND user_id = \(bind: userID)"
            ).run()
            try await alsoInTransaction?(db)
        }
    }
}
