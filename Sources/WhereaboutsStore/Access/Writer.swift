import WhereaboutsCore
import WhereaboutsSecurity

/// Who writes records, what they may see while doing so, and where new records go.
///
/// Only an account that holds `write-records` yields a writer, so a store write cannot be made on
/// behalf of a reader. New records that hang from nothing (events, persons, organisations, sources,
/// interventions without events) are placed in ``compartments``; records that hang from another
/// follow it (decision 0004).
public struct Writer: Sendable {
    /// The name changes are attributed to in the history.
    public let actor: String
    public let access: RecordAccess
    public let compartments: Set<String>

    /// A writer for an account that may write records, placing new records in `compartments`
    /// (which must be among the account's); `nil` when the account may not write.
    /// What the store opens of identities while writing (the records a write returns) is noted into
    /// `reads`, the request's, for the read audit.
    public init?(account: Account, compartments: Set<String>, noting reads: IdentityReads? = nil) {
        guard account.permissions.contains(.writeRecords), !account.disabled else { return nil }
        let access = RecordAccess(account: account)
        self.init(
            actor: account.username, access: reads.map { access.noting(into: $0) } ?? access,
            compartments: compartments)
    }

    /// The operator at the machine (the CLI), placing new records in `compartments`.
    public static func operatorWriter(actor: String = "cli", compartments: Set<String> = ["general"]) -> Writer {
        Writer(actor: actor, access: .operatorAccess, compartments: compartments)
    }

    init(actor: String, access: RecordAccess, compartments: Set<String>) {
        self.actor = actor
        self.access = access
        self.compartments = compartments
    }

    /// Refuses what this writer may not do to a record of `kind`: writing a person or source
    /// without seeing identities would blank fields the writer cannot see.
    func requireIdentityAccess(for kind: RecordKind) throws {
        if !access.seesIdentities, !kind.bodyType.identityFields.isEmpty { throw StoreError.identitiesRequired }
    }

    /// Refuses placing records in compartments that cannot exist or that the writer is not in,
    /// before anything is written or any key is made for them.
    func requirePlaceable() throws {
        let issues = CompartmentID.issues(compartments, at: "/compartments")
        if !issues.isEmpty { throw StoreError.invalid(issues) }
        try requireMembership(compartments)
    }

    /// Refuses placing records in compartments the writer is not in.
    func requireMembership(_ placed: Set<String>) throws {
        guard let mine = access.compartments else { return }
        if let foreign = placed.subtracting(mine).sorted().first {
            throw StoreError.invalid([FieldIssue(path: "/compartments", message: "no compartment '\(foreign)'")])
        }
    }
}
