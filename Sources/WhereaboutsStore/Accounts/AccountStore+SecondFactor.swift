import Foundation
import SQLKit
import WhereaboutsSecurity

/// The answer to a second-factor code.
public enum SecondFactorOutcome: Sendable, Equatable {
    case accepted
    /// Wrong, already used, or no second factor is set up.
    case refused
    /// Too many wrong codes for this account; not even checked. Try again after this many seconds.
    case throttled(retryAfter: Int)
}

extension AccountStore {
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
    /// waits longer. The attempt is counted before the code is checked, in the transaction that
    /// checks the block, so parallel guesses are no better than guesses one after another.
    public func verifySecondFactor(userID: String, code: String) async throws -> SecondFactorOutcome {
        let key = Self.codeThrottleKey(userID)
        switch try await claimAttempt(keys: [key]) {
        case .throttled(let seconds):
            return .throttled(retryAfter: seconds)
        case .granted(let claim):
            guard try await checkSecondFactor(userID: userID, code: code) else { return .refused }
            try await attemptSucceeded(claim, clearing: [key])
            return .accepted
        }
    }

    /// The throttling key of an account's second-factor codes.
    static func codeThrottleKey(_ userID: String) -> String { "code:" + userID }

    /// Whether `code` is a fresh code (or an unused recovery code) of the account, using it up if so.
    /// Not throttled: callers claim an attempt first.
    func checkSecondFactor(userID: String, code: String) async throws -> Bool {
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
