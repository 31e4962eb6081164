import Foundation
import SQLKit
import WhereaboutsSecurity

extension AccountStore {
    /// Whether any account exists (the first `serve` offers a set-up link for the first administrator).
    public func hasAccounts() async throws -> Bool {
        try await database.read { db in try await db.raw("SELECT id FROM users LIMIT 1").first() != nil }
    }

    /// Creates an account without a password and returns it with a one-time set-up link token; the
    /// person sets their password (and second factor) through the link. `alsoInTransaction` runs in
    /// the same transaction (a use-case's audit entry; ``AlsoInTransaction``), as for every change below.
    public func createAccount(
        username: String, displayName: String? = nil, email: String? = nil, role: Role,
        compartments: [String], language: String? = nil, alsoInTransaction: AlsoInTransaction? = nil
    ) async throws -> (Account, setupToken: String) {
        let username = username.lowercased()
        guard Username.isValid(username) else { throw AccountError.invalidUsername }
        let id = UUID().uuidString.lowercased()
        let token = SecretToken.generate()
        let now = self.now
        let expires = time(sessionPolicy.linkLifetime)
        let email = email?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let display = displayName?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? username
        do {
            try await insertAccount(
                id: id, username: username, email: email, displayName: display, role: role, language: language,
                compartments: compartments, setupToken: token, now: now, expires: expires,
                alsoInTransaction: alsoInTransaction)
        } catch  where DatabaseFailure.isUniqueViolation(error) {
            // Another server made an account with this name between the check and the insert.
            throw AccountError.usernameTaken
        }
        return (try await account(id: id)!, token)
    }

    private func insertAccount(
        id: String, username: String, email: String?, displayName display: String, role: Role, language: String?,
        compartments: [String], setupToken token: String, now: String, expires: String,
        alsoInTransaction: AlsoInTransaction?
    ) async throws {
        try await accountWrite { db in
            if try await db.raw("SELECT id FROM users WHERE username = \(bind: username)").first() != nil {
                throw AccountError.usernameTaken
            }
            try await db.raw(
                """
                INSERT INTO users (id, username, email, display_name, password_hash, role, permissions, language,
                    totp_secret, totp_last_step, disabled, sessions_valid_after, created_at, updated_at)
                VALUES (\(bind: id), \(bind: username), \(bind: email), \(bind: display), NULL, \(bind: role.rawValue),
                    \(bind: role.defaultPermissions.storedForm), \(bind: language), NULL, NULL, 0, \(bind: now),
                    \(bind: now), \(bind: now))
                """
            ).run()
            try await self.setCompartments(compartments, of: id, in: db)
            try await db.raw(
                """
                INSERT INTO setup_links (token_hash, user_id, expires_at, used_at)
                VALUES (\(bind: SecretToken.hash(token)), \(bind: id), \(bind: expires), NULL)
                """
            ).run()
            try await alsoInTransaction?(db)
        }
    }

    /// The account a set-up link is for, if the link is unused and unexpired.
    public func accountForSetupLink(_ token: String) async throws -> Account? {
        let id = try await database.read { db in
            try await db.raw(
                """
                SELECT user_id FROM setup_links WHERE token_hash = \(bind: SecretToken.hash(token))
                    AND used_at IS NULL AND expires_at > \(bind: self.now)
                """
            ).first(decodingColumn: "user_id", as: String.self)
        }
        guard let id, let account = try await account(id: id), !account.disabled else { return nil }
        return account
    }

    /// Sets the password through a set-up link, which is then used up. The second-factor secret and
    /// recovery codes are reset, so whoever holds the link starts afresh.
    public func completeSetup(token: String, password: String) async throws -> Account {
        guard let account = try await accountForSetupLink(token) else { throw AccountError.linkExpired }
        if let violation = policy.violation(of: password, username: account.username, email: account.email) {
            throw AccountError.weakPassword(violation)
        }
        let hash = try hasher.hash(password)
        let now = self.now
        try await accountWrite { db in
            let used = try await db.raw(
                """
                UPDATE setup_links SET used_at = \(bind: now)
                WHERE token_hash = \(bind: SecretToken.hash(token)) AND used_at IS NULL RETURNING user_id
                """
            ).all()
            guard used.count == 1 else { throw AccountError.linkExpired }
            try await db.raw(
                """
                UPDATE users SET password_hash = \(bind: hash), totp_secret = NULL, totp_last_step = NULL,
                    sessions_valid_after = \(bind: now), updated_at = \(bind: now)
                WHERE id = \(bind: account.id)
                """
            ).run()
            try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: account.id)").run()
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: account.id)").run()
        }
        return try await self.account(id: account.id)!
    }

    /// Removes an account's password and second factor, ends its sessions and returns a new set-up link token.
    public func resetCredentials(username: String, alsoInTransaction: AlsoInTransaction? = nil) async throws
        -> String
    {
        guard let account = try await account(username: username) else { throw AccountError.noSuchAccount }
        let token = SecretToken.generate()
        let now = self.now
        let expires = time(sessionPolicy.linkLifetime)
        try await accountWrite { db in
            try await db.raw(
                """
                UPDATE users SET password_hash = NULL, totp_secret = NULL, totp_last_step = NULL,
                    sessions_valid_after = \(bind: now), updated_at = \(bind: now) WHERE id = \(bind: account.id)
                """
            ).run()
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: account.id)").run()
            try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: account.id)").run()
            try await db.raw("UPDATE api_tokens SET revoked = 1 WHERE user_id = \(bind: account.id)").run()
            try await db.raw("UPDATE setup_links SET used_at = \(bind: now) WHERE user_id = \(bind: account.id)").run()
            try await db.raw(
                """
                INSERT INTO setup_links (token_hash, user_id, expires_at, used_at)
                VALUES (\(bind: SecretToken.hash(token)), \(bind: account.id), \(bind: expires), NULL)
                """
            ).run()
            try await alsoInTransaction?(db)
        }
        return token
    }

    /// Disables or re-enables an account; disabling ends its sessions and stops its tokens at once.
    public func setDisabled(_ disabled: Bool, username: String, alsoInTransaction: AlsoInTransaction? = nil)
        async throws
    {
        guard let account = try await account(username: username) else { throw AccountError.noSuchAccount }
        let now = self.now
        try await accountWrite { db in
            try await db.raw(
                "UPDATE users SET disabled = \(bind: disabled ? 1 : 0), updated_at = \(bind: now) WHERE id = \(bind: account.id)"
            ).run()
            if disabled { try await self.endSessions(userID: account.id, now: now, in: db) }
            try await alsoInTransaction?(db)
        }
    }

    /// Changes an account's role, permissions and compartments (an administrator's decision).
    ///
    /// Any actual change also ends the account's sessions, in the same transaction: a session keeps
    /// what was proved when it began (a password alone, for an account that then needed no second
    /// factor), so after gaining a permission such as seeing identities its owner signs in again
    /// and meets the rules of the new access; after losing one, nothing cached outlives the change.
    /// Returns whether anything changed (saving the same access ends nothing, and runs no
    /// `alsoInTransaction`).
    @discardableResult
    public func updateAccess(
        userID: String, role: Role, permissions: Set<Permission>, compartments: [String],
        alsoInTransaction: AlsoInTransaction? = nil
    ) async throws -> Bool {
        let now = self.now
        return try await accountWrite { db in
            guard let before = try await self.accounts(where: "u.id = \(bind: userID)", in: db).first else {
                throw AccountError.noSuchAccount
            }
            let wanted = Set(compartments)
            guard before.role != role || before.permissions != permissions || Set(before.compartments) != wanted
            else { return false }
            try await db.raw(
                """
                UPDATE users SET role = \(bind: role.rawValue), permissions = \(bind: permissions.storedForm),
                    updated_at = \(bind: now) WHERE id = \(bind: userID)
                """
            ).run()
            try await db.raw("DELETE FROM user_compartments WHERE user_id = \(bind: userID)").run()
            try await self.setCompartments(compartments, of: userID, in: db)
            try await self.endSessions(userID: userID, now: now, in: db)
            try await alsoInTransaction?(db)
            return true
        }
    }

    /// Sets the interface language (`nil` follows the browser).
    public func setLanguage(_ language: String?, userID: String) async throws {
        let now = self.now
        try await accountWrite { db in
            try await db.raw(
                "UPDATE users SET language = \(bind: language), updated_at = \(bind: now) WHERE id = \(bind: userID)"
            ).run()
        }
    }

    public func account(id: String) async throws -> Account? {
        try await accounts(where: "u.id = \(bind: id)").first
    }

    public func account(username: String) async throws -> Account? {
        try await accounts(where: "u.username = \(bind: username.lowercased())").first
    }

    /// Every account, by user name.
    public func accounts() async throws -> [Account] { try await accounts(where: "1 = 1") }

    private func accounts(where condition: SQLQueryString) async throws -> [Account] {
        try await database.read { db in try await self.accounts(where: condition, in: db) }
    }

    /// Accounts matching `condition` (on `users u`), read on `db`.
    func accounts(where condition: SQLQueryString, in db: any SQLDatabase) async throws -> [Account] {
        let rows = try await db.raw(
            """
            SELECT u.id, u.username, u.email, u.display_name, u.role, u.permissions, u.language, u.disabled,
                CASE WHEN u.totp_last_step IS NULL THEN 0 ELSE 1 END AS has_totp,
                CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS has_password
            FROM users u WHERE \(condition) ORDER BY u.username
            """
        ).all(decoding: AccountRow.self)
        var result: [Account] = []
        for row in rows {
            let compartments = try await db.raw(
                "SELECT compartment_id FROM user_compartments WHERE user_id = \(bind: row.id) ORDER BY compartment_id"
            ).all(decodingColumn: "compartment_id", as: String.self)
            result.append(row.account(compartments: compartments))
        }
        return result
    }

    func setCompartments(_ compartments: [String], of userID: String, in db: any SQLDatabase) async throws {
        for compartment in Set(compartments).sorted() {
            guard try await db.raw("SELECT id FROM compartments WHERE id = \(bind: compartment)").first() != nil else {
                throw AccountError.noSuchCompartment(compartment)
            }
            try await db.raw(
                "INSERT INTO user_compartments (user_id, compartment_id) VALUES (\(bind: userID), \(bind: compartment))"
            ).run()
        }
    }
}

private struct AccountRow: Decodable {
    let id: String
    let username: String
    let email: String?
    let display_name: String
    let role: String
    let permissions: String
    let language: String?
    let disabled: Int
    let has_totp: Int
    let has_password: Int

    func account(compartments: [String]) -> Account {
        Account(
            id: id, username: username, email: email, displayName: display_name, role: Role(rawValue: role) ?? .viewer,
            permissions: Set(storedForm: permissions), language: language, compartments: compartments,
            hasSecondFactor: has_totp != 0, hasPassword: has_password != 0, disabled: disabled != 0)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
