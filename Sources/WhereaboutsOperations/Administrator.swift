import WhereaboutsSecurity
import WhereaboutsStore

/// Who may add, change, disable and reset accounts and add compartments. Only an enabled account
/// holding `manage-users`, or the operator at the machine, yields one.
public struct Administrator: Sendable {
    /// The name changes are attributed to in the audit log.
    public let actor: String
    /// The administrator's own user name when acting through the server, so that they cannot lock
    /// themselves out; `nil` for the operator at the machine.
    let ownUsername: String?

    /// An administrator for `account`; `nil` when the account may not manage users.
    public init?(account: Account) {
        guard account.permissions.contains(.manageUsers), !account.disabled else { return nil }
        self.init(actor: account.username, ownUsername: account.username)
    }

    init(actor: String, ownUsername: String?) {
        self.actor = actor
        self.ownUsername = ownUsername
    }

    /// The operator at the machine (the CLI): whoever runs it already holds the data folder.
    public static func atTheMachine(actor: String) -> Administrator {
        Administrator(actor: actor, ownUsername: nil)
    }

    /// Whether `username` is the administrator's own account.
    func isSelf(_ username: String) -> Bool { ownUsername == username.lowercased() }
}

/// Why an account use-case refused what the store would have done.
public enum AccountOperationError: Error, Sendable, Equatable {
    /// An administrator may not disable or enable their own account, nor take away their own
    /// right to manage users.
    case ownAccount
}
