import Foundation
import SQLKit
import WhereaboutsSecurity

/// The answer to a sign-in attempt. A refusal never says whether the account exists.
public enum SignInOutcome: Sendable, Equatable {
    case success(Account)
    case refused
    /// Too many failures from this account name or address; try again after this many seconds.
    case throttled(retryAfter: Int)
}

extension AccountStore {
    /// Checks a user name and password. Failures slow down further attempts for the account name
    /// and for the address, growing with each failure; unknown names cost the same work as known ones.
    public func signIn(username: String, password: String, address: String) async throws -> SignInOutcome {
        let keys = ["account:" + username.lowercased().prefix(64), "address:" + address.prefix(64)]
        let nowDate = clock()
        let blocked = try await database.read { db in
            try await db.raw(
                "SELECT MAX(blocked_until) AS until FROM sign_in_failures WHERE throttle_key IN (\(binds: keys))"
            ).first(decodingColumn: "until", as: String?.self) ?? nil
        }
        if let blocked, let until = Timestamp.parse(blocked), until > nowDate {
            return .throttled(retryAfter: max(1, Int(until.timeIntervalSince(nowDate).rounded(.up))))
        }
        let stored = try await database.read { db in
            try await db.raw(
                "SELECT id, password_hash, disabled FROM users WHERE username = \(bind: username.lowercased())"
            ).first()
        }
        let hash = try stored?.decode(column: "password_hash", as: String?.self) ?? nil
        var matched = false
        if let hash, password.utf8.count <= PasswordPolicy.maximumLength {
            matched = hasher.verify(password, against: hash)
        } else {
            hasher.burnVerification(String(password.prefix(PasswordPolicy.maximumLength)))
        }
        let disabled = (try stored?.decode(column: "disabled", as: Int.self) ?? 1) != 0
        if matched, !disabled, let id = try stored?.decode(column: "id", as: String.self),
            let account = try await account(id: id)
        {
            try await accountWrite { db in
                try await db.raw("DELETE FROM sign_in_failures WHERE throttle_key = \(bind: keys[0])").run()
            }
            return .success(account)
        }
        try await recordFailure(keys: keys)
        return .refused
    }

    /// Seconds a key is blocked after its `failures`-th failure: none for the first three, then
    /// doubling from one second, at most fifteen minutes. Addresses get ten free attempts.
    static func backoff(failures: Int, isAddress: Bool) -> Int {
        let free = isAddress ? 10 : 3
        guard failures > free else { return 0 }
        return min(900, 1 << min(failures - free - 1, 10))
    }

    func recordFailure(keys: [String]) async throws {
        let nowDate = clock()
        let now = Timestamp.format(nowDate)
        try await accountWrite { db in
            for key in keys {
                let previous =
                    try await db.raw("SELECT failures FROM sign_in_failures WHERE throttle_key = \(bind: key)")
                    .first(decodingColumn: "failures", as: Int.self) ?? 0
                let failures = previous + 1
                let until = Timestamp.format(
                    nowDate.addingTimeInterval(
                        Double(Self.backoff(failures: failures, isAddress: key.hasPrefix("address:")))))
                try await db.raw("DELETE FROM sign_in_failures WHERE throttle_key = \(bind: key)").run()
                try await db.raw(
                    """
                    INSERT INTO sign_in_failures (throttle_key, failures, last_failure_at, blocked_until)
                    VALUES (\(bind: key), \(bind: failures), \(bind: now), \(bind: until))
                    """
                ).run()
            }
        }
    }

    // MARK: - Second factor

    /// Starts (or restarts) setting up a second factor and returns the new secret; it takes effect
    /// when ``confirmSecondFactor(userID:code:)`` accepts a code from it. An account that already has
    /// a confirmed second factor must be reset first.
    public func beginSecondFactor(userID: String) async throws -> String {
        let secret = TwoFactor.newSecret()
        let now = self.now
        var stored = secret
        if let keyring {
            let key = try await keyring.accountSecretsKey(in: database, now: now)
            stored = try SealedValue.seal(secret, with: key, record: userID, field: "totp")
        }
        try await accountWrite { [stored] db in
            let updated = try await db.raw(
                """
                UPDATE users SET totp_secret = \(bind: stored), updated_at = \(bind: now)
                WHERE id = \(bind: userID) AND totp_last_step IS NULL RETURNING id
                """
            ).all()
            guard updated.count == 1 else { throw AccountError.noSuchAccount }
        }
        return secret
    }

    /// Confirms the second factor being set up with a code from it; returns fresh recovery codes
    /// (shown once), or `nil` when the code is wrong.
    public func confirmSecondFactor(userID: String, code: String) async throws -> [String]? {
        guard let secret = try await totpSecret(userID: userID, confirmed: false),
            let step = TwoFactor(secret: secret).acceptedStep(code, at: clock(), lastUsedStep: nil)
        else { return nil }
        let codes = RecoveryCodes.generate()
        let now = self.now
        try await accountWrite { db in
            try await db.raw(
                """
                UPDATE users SET totp_last_step = \(bind: step), updated_at = \(bind: now)
                WHERE id = \(bind: userID) AND totp_last_step IS NULL
                """
            ).run()
            try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userID)").run()
            for code in codes {
                try await db.raw(
                    """
                    INSERT INTO recovery_codes (user_id, code_hash, used_at)
                    VALUES (\(bind: userID), \(bind: SecretToken.hash(RecoveryCodes.normalised(code))), NULL)
                    """
                ).run()
            }
        }
        return codes
    }

    /// Checks a second-factor code (or an unused recovery code, which is then used up). A code is
    /// never accepted twice: the step of the last accepted code is stored in the same update.
    ///
    /// Wrong codes are throttled like passwords (per account): after three, each further attempt
    /// waits longer, and codes are not even checked while the account is blocked.
    public func verifySecondFactor(userID: String, code: String) async throws -> Bool {
        let key = "code:" + userID
        let nowDate = clock()
        let blocked = try await database.read { db in
            try await db.raw("SELECT blocked_until FROM sign_in_failures WHERE throttle_key = \(bind: key)")
                .first(decodingColumn: "blocked_until", as: String.self)
        }
        if let blocked, let until = Timestamp.parse(blocked), until > nowDate { return false }
        let accepted = try await checkSecondFactor(userID: userID, code: code)
        if accepted {
            try await accountWrite { db in
                try await db.raw("DELETE FROM sign_in_failures WHERE throttle_key = \(bind: key)").run()
            }
        } else {
            try await recordFailure(keys: [key])
        }
        return accepted
    }

    private func checkSecondFactor(userID: String, code: String) async throws -> Bool {
        guard let secret = try await totpSecret(userID: userID, confirmed: true) else { return false }
        let lastStep = try await database.read { db in
            try await db.raw("SELECT totp_last_step FROM users WHERE id = \(bind: userID)")
                .first(decodingColumn: "totp_last_step", as: Int?.self) ?? nil
        }
        let now = self.now
        if let step = TwoFactor(secret: secret).acceptedStep(code, at: clock(), lastUsedStep: lastStep) {
            return try await accountWrite { db in
                try await db.raw(
                    """
                    UPDATE users SET totp_last_step = \(bind: step)
                    WHERE id = \(bind: userID) AND totp_last_step < \(bind: step) RETURNING id
                    """
                ).all().count == 1
            }
        }
        let hash = SecretToken.hash(RecoveryCodes.normalised(code))
        return try await accountWrite { db in
            try await db.raw(
                """
                UPDATE recovery_codes SET used_at = \(bind: now)
                WHERE user_id = \(bind: userID) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING user_id
                """
            ).all().count == 1
        }
    }

    /// The second-factor secret (for showing it while it is being set up, or for tests).
    public func totpSecret(userID: String, confirmed: Bool) async throws -> String? {
        let stored = try await database.read { db -> String? in
            guard
                let row = try await db.raw(
                    "SELECT totp_secret, totp_last_step FROM users WHERE id = \(bind: userID) AND disabled = 0"
                ).first()
            else { return nil }
            let isConfirmed = try row.decode(column: "totp_last_step", as: Int?.self) != nil
            guard isConfirmed == confirmed else { return nil }
            return try row.decode(column: "totp_secret", as: String?.self)
        }
        guard let stored, SealedValue.isSealed(stored) else { return stored }
        guard let keyring else { throw KeyError.unknownKey(SealedValue.keyID(of: stored) ?? "") }
        guard let id = SealedValue.keyID(of: stored) else { throw KeyError.malformed("not a sealed value") }
        let key = try await keyring.key(id, reloadingFrom: database)
        return try SealedValue.open(stored, record: userID, field: "totp") { _ in key }
    }
}
