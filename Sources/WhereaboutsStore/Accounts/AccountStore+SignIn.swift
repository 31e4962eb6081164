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
    ///
    /// The attempt is counted before the password is checked, in the same transaction that checks
    /// the blocks (``claimAttempt(keys:)``), so a burst of parallel guesses gets no more checks than
    /// guesses one after another would.
    public func signIn(username: String, password: String, address: String) async throws -> SignInOutcome {
        let accountKey = Self.accountThrottleKey(username)
        let addressKey = Self.addressThrottleKey(address)
        let claim: ClaimedAttempt
        switch try await claimAttempt(keys: [accountKey, addressKey]) {
        case .throttled(let seconds): return .throttled(retryAfter: seconds)
        case .granted(let granted): claim = granted
        }
        guard let account = try await passwordMatches(username: username, password: password) else {
            return .refused
        }
        try await attemptSucceeded(claim, clearing: [accountKey])
        return .success(account)
    }

    /// The throttling key of an account name as typed.
    static func accountThrottleKey(_ username: String) -> String { "account:" + username.lowercased().prefix(64) }

    /// The throttling key of a client address.
    static func addressThrottleKey(_ address: String) -> String { "address:" + address.prefix(64) }

    /// The enabled account `username` names, if `password` is its password. Costs one password
    /// verification whether or not the account exists. Not throttled: callers claim an attempt first.
    func passwordMatches(username: String, password: String) async throws -> Account? {
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
        guard matched, !disabled, let id = try stored?.decode(column: "id", as: String.self) else { return nil }
        return try await account(id: id)
    }
}
