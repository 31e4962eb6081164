import WhereaboutsSecurity
import WhereaboutsStore

/// The application layer for accounts and compartments: each change is authorized by the
/// ``Administrator`` it is given and written with its audit entry in one transaction. Tokens are in
/// `AccountOperations+Tokens.swift`.
public struct AccountOperations: Sendable {
    public let accounts: AccountStore
    public let audit: AuditLog

    public init(accounts: AccountStore, audit: AuditLog) {
        self.accounts = accounts
        self.audit = audit
    }

    /// Adds an account without a password and returns it with its one-time set-up link token.
    public func createAccount(
        username: String, displayName: String? = nil, email: String? = nil, role: Role, compartments: [String],
        by administrator: Administrator, from origin: OperationOrigin
    ) async throws -> (Account, setupToken: String) {
        let event = AuditEvent(
            actor: administrator.actor, action: .accountCreated, target: username.lowercased(),
            address: origin.address,
            details: [
                "role": role.rawValue, "compartments": Set(compartments).sorted().joined(separator: ","),
                "via": origin.via,
            ])
        return try await audit.recording { entries in
            try await accounts.createAccount(
                username: username, displayName: displayName, email: email, role: role, compartments: compartments
            ) { db in try await entries.append([event], in: db) }
        }
    }

    /// Disables an account (its sessions end and its tokens stop at once) or enables it again.
    /// An administrator cannot do either to their own account.
    public func setDisabled(
        _ disabled: Bool, username: String, by administrator: Administrator, from origin: OperationOrigin
    ) async throws {
        if administrator.isSelf(username) { throw AccountOperationError.ownAccount }
        let event = AuditEvent(
            actor: administrator.actor, action: disabled ? .accountDisabled : .accountEnabled,
            target: username.lowercased(), address: origin.address, details: ["via": origin.via])
        try await audit.recording { entries in
            try await accounts.setDisabled(disabled, username: username) { db in
                try await entries.append([event], in: db)
            }
        }
    }

    /// Removes an account's password and second factor, ends its sessions, revokes its tokens, and
    /// returns a new set-up link token.
    public func resetCredentials(
        username: String, by administrator: Administrator, from origin: OperationOrigin
    ) async throws -> String {
        let event = AuditEvent(
            actor: administrator.actor, action: .accountReset, target: username.lowercased(),
            address: origin.address, details: ["via": origin.via])
        return try await audit.recording { entries in
            try await accounts.resetCredentials(username: username) { db in
                try await entries.append([event], in: db)
            }
        }
    }

    /// Changes an account's role, permissions and compartments; any actual change ends its sessions
    /// (decision 0014). Returns whether anything changed — saving the same access is not audited. An
    /// administrator cannot take away their own right to manage users.
    @discardableResult
    public func changeAccess(
        of account: Account, role: Role, permissions: Set<Permission>, compartments: [String],
        by administrator: Administrator, from origin: OperationOrigin
    ) async throws -> Bool {
        if administrator.isSelf(account.username), !permissions.contains(.manageUsers) {
            throw AccountOperationError.ownAccount
        }
        let event = AuditEvent(
            actor: administrator.actor, action: .accountChanged, target: account.username, address: origin.address,
            details: [
                "role": role.rawValue, "permissions": permissions.storedForm,
                "compartments": Set(compartments).sorted().joined(separator: ","), "sessions": "ended",
                "via": origin.via,
            ])
        return try await audit.recording { entries in
            try await accounts.updateAccess(
                userID: account.id, role: role, permissions: permissions, compartments: compartments
            ) { db in try await entries.append([event], in: db) }
        }
    }

    /// Adds a compartment.
    public func createCompartment(
        id: String, name: String, by administrator: Administrator, from origin: OperationOrigin
    ) async throws -> Compartment {
        let event = AuditEvent(
            actor: administrator.actor, action: .compartmentCreated, target: id, address: origin.address,
            details: ["via": origin.via])
        return try await audit.recording { entries in
            try await accounts.createCompartment(id: id, name: name) { db in
                try await entries.append([event], in: db)
            }
        }
    }
}
