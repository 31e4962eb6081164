import Foundation
import WhereaboutsSecurity
import WhereaboutsStore

/// What came of asking for an API token from a session.
public enum TokenMinting: Sendable, Equatable {
    /// The token's secret, shown once.
    case minted(String)
    /// The password or the code was wrong (audited as a failure).
    case refused
    /// Too many failed attempts; nothing was checked (audited as refused).
    case throttled(retryAfter: Int)
    /// The account has no second factor to step up with.
    case secondFactorRequired
}

/// API tokens: minted from a session only after a step-up (decision 0014), by the operator at the
/// machine directly, and revoked by their owner — each with its audit entry in the same transaction.
/// Entries name the account as target and the token by its name, never its secret.
extension AccountOperations {
    /// Mints a token for the signed-in `account`, limited to `permissions` within its own, once its
    /// owner has given the password and a fresh second-factor code again. A refused or throttled
    /// step-up is audited; nothing is minted.
    public func mintToken(
        for account: Account, name: String, permissions: Set<Permission>, days: Int, password: String, code: String,
        from origin: OperationOrigin
    ) async throws -> TokenMinting {
        func event(_ outcome: AuditEvent.Outcome, _ details: [String: String]) -> AuditEvent {
            AuditEvent(
                actor: account.username, action: .tokenCreated, target: account.username, address: origin.address,
                outcome: outcome, details: details.merging(["name": name, "via": origin.via]) { mine, _ in mine })
        }
        switch try await accounts.stepUp(account: account, password: password, code: code, address: origin.address) {
        case .refused:
            try await audit.record(event(.failure, ["step-up": "refused"]))
            return .refused
        case .throttled(let seconds):
            try await audit.record(event(.refused, ["throttled": String(seconds)]))
            return .throttled(retryAfter: seconds)
        case .secondFactorRequired:
            return .secondFactorRequired
        case .confirmed(let proof):
            let minted = event(
                .success,
                [
                    "permissions": permissions.intersection(account.permissions).storedForm, "days": String(days),
                    "step-up": "password+code",
                ])
            return .minted(
                try await audit.recording { entries in
                    try await accounts.createToken(
                        proof, name: name, permissions: permissions, lifetime: Double(days) * 86_400
                    ) { db in try await entries.append([minted], in: db) }
                })
        }
    }

    /// Mints a token for `username` as the operator at the machine (`whereabouts users token`), limited
    /// to `permissions` within the account's own (all of them when `nil`).
    public func mintToken(
        forUsername username: String, name: String, permissions: Set<Permission>?, days: Int,
        by administrator: Administrator, from origin: OperationOrigin
    ) async throws -> String {
        guard let account = try await accounts.account(username: username) else { throw AccountError.noSuchAccount }
        let wanted = permissions ?? account.permissions
        let event = AuditEvent(
            actor: administrator.actor, action: .tokenCreated, target: account.username, address: origin.address,
            details: [
                "name": name, "permissions": wanted.intersection(account.permissions).storedForm,
                "days": String(days), "via": origin.via,
            ])
        return try await audit.recording { entries in
            try await accounts.createToken(
                userID: account.id, name: name, permissions: wanted, lifetime: Double(days) * 86_400
            ) { db in try await entries.append([event], in: db) }
        }
    }

    /// Revokes one of `account`'s own tokens.
    public func revokeToken(id: String, of account: Account, from origin: OperationOrigin) async throws {
        let event = AuditEvent(
            actor: account.username, action: .tokenRevoked, target: id, address: origin.address,
            details: ["via": origin.via])
        try await audit.recording { entries in
            try await accounts.revokeToken(id: id, userID: account.id) { db in
                try await entries.append([event], in: db)
            }
        }
    }
}
