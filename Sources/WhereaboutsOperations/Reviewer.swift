import WhereaboutsSecurity
import WhereaboutsStore

/// Who decides whether two person records are one person, and what they may see while doing so.
/// Only an enabled account holding `review-matches` yields one.
public struct Reviewer: Sendable {
    /// The name decisions are attributed to.
    public let actor: String
    public let access: RecordAccess

    /// A reviewer for `account`, noting the identities the decision's answer opens into `reads` (the
    /// request's, for the read audit); `nil` when the account may not review matches.
    public init?(account: Account, noting reads: IdentityReads? = nil) {
        guard account.permissions.contains(.reviewMatches), !account.disabled else { return nil }
        let access = RecordAccess(account: account)
        self.init(actor: account.username, access: reads.map { access.noting(into: $0) } ?? access)
    }

    init(actor: String, access: RecordAccess) {
        self.actor = actor
        self.access = access
    }

    /// The operator at the machine (the CLI), who sees every record.
    public static func atTheMachine(actor: String) -> Reviewer {
        Reviewer(actor: actor, access: .operatorAccess)
    }
}
