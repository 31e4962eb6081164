import Foundation
import SQLKit
import WhereaboutsSecurity

/// Proof that an account's owner has just given the password and a fresh second-factor code again
/// (step-up). Only ``AccountStore/stepUp(account:password:code:address:)`` makes one, and
/// ``AccountStore/createToken(_:name:permissions:lifetime:)`` needs one: a session alone — which a
/// stolen cookie is — cannot mint a long-lived token.
public struct StepUpProof: Sendable {
    let userID: String
    let at: Date
}

/// The answer to a step-up.
public enum StepUpOutcome: Sendable {
    case confirmed(StepUpProof)
    /// The password or the code is wrong (or the code was already used).
    case refused
    /// Too many failures for this account or address; nothing was checked.
    case throttled(retryAfter: Int)
    /// The account has no second factor: it must set one up before doing this.
    case secondFactorRequired
}

extension AccountStore {
    /// How long a step-up proof may be used after it was given.
    static let stepUpLifetime: TimeInterval = 300

    /// Checks the password and a fresh second-factor code of a signed-in `account` before an action
    /// a session alone must not allow. Throttled with sign-in's keys (the account name and the
    /// address) and the second factor's, each attempt counted before it is checked; the code is only
    /// checked (and used up) when the password is right.
    public func stepUp(account: Account, password: String, code: String, address: String) async throws
        -> StepUpOutcome
    {
        guard let current = try await self.account(id: account.id), !current.disabled else { return .refused }
        guard current.hasSecondFactor else { return .secondFactorRequired }
        let accountKey = Self.accountThrottleKey(current.username)
        let codeKey = Self.codeThrottleKey(current.id)
        let claim: ClaimedAttempt
        switch try await claimAttempt(keys: [accountKey, Self.addressThrottleKey(address), codeKey]) {
        case .throttled(let seconds): return .throttled(retryAfter: seconds)
        case .granted(let granted): claim = granted
        }
        guard try await passwordMatches(username: current.username, password: password)?.id == current.id,
            try await checkSecondFactor(userID: current.id, code: code)
        else { return .refused }
        try await attemptSucceeded(claim, clearing: [accountKey, codeKey])
        return .confirmed(StepUpProof(userID: current.id, at: clock()))
    }

    /// Makes a token for the account that just stepped up (the web Account page), limited to
    /// `permissions` within the account's own. The proof is good for a few minutes.
    public func createToken(
        _ proof: StepUpProof, name: String, permissions: Set<Permission>, lifetime: TimeInterval,
        alsoInTransaction: AlsoInTransaction? = nil
    ) async throws -> String {
        let age = clock().timeIntervalSince(proof.at)
        guard age >= 0, age < Self.stepUpLifetime else { throw AccountError.stepUpRequired }
        return try await createToken(
            userID: proof.userID, name: name, permissions: permissions, lifetime: lifetime,
            alsoInTransaction: alsoInTransaction)
    }
}
