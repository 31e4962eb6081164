import SQLKit

/// What one reader may see of the records: the compartments whose records are visible, and whether
/// identifying fields are shown. Every read of the store takes one, so no query can forget it.
///
/// It is built from a signed-in ``Account`` (or an API token's narrower grant), or, for the operator
/// at the machine running the CLI against the data directory, as ``operatorAccess``.
public struct RecordAccess: Sendable, Hashable {
    /// Compartments whose records are visible; `nil` means all of them.
    public let compartments: Set<String>?
    /// Whether names, birth dates, notes and testimony text are shown (else pseudonyms stand in).
    public let seesIdentities: Bool
    /// Where the store notes every identity it opens for this reader (a request's); not part of
    /// what the reader may see, so not compared.
    public private(set) var reads: IdentityReads?

    /// The same access, noting what it opens into `reads`.
    public func noting(into reads: IdentityReads) -> RecordAccess {
        var access = self
        access.reads = reads
        return access
    }

    public static func == (a: RecordAccess, b: RecordAccess) -> Bool {
        a.compartments == b.compartments && a.seesIdentities == b.seesIdentities
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(compartments)
        hasher.combine(seesIdentities)
    }

    /// The operator at the machine: the CLI reads the data directory directly, so it sees everything.
    public static let operatorAccess = RecordAccess(compartments: nil, seesIdentities: true)

    /// What an account may see.
    public init(account: Account) {
        self.init(
            compartments: Set(account.compartments),
            seesIdentities: account.permissions.contains(.seeIdentities))
    }

    /// Access to named compartments, for tools and tests; the server builds access from accounts only.
    public init(compartments: Set<String>?, seesIdentities: Bool) {
        self.compartments = compartments
        self.seesIdentities = seesIdentities
    }

    /// Whether a record placed in `recordCompartments` is visible.
    public func canSee(_ recordCompartments: Set<String>) -> Bool {
        guard let compartments else { return true }
        return !compartments.isDisjoint(with: recordCompartments)
    }

    /// ` AND <visible>` for the record whose id is in column `r.id`.
    var visibleRecordClause: SQLQueryString { visibleClause(recordColumn: "r.id") }

    /// ` AND <visible>` for the record whose id is in `recordColumn` (a column name written in the
    /// store's code, never input).
    func visibleClause(recordColumn: StaticString) -> SQLQueryString {
        guard let compartments else { return "" }
        guard !compartments.isEmpty else { return " AND 1 = 0" }
        return """
             AND EXISTS (SELECT 1 FROM record_compartments vc WHERE vc.record_id = \(unsafeRaw: "\(recordColumn)")
                AND vc.compartment_id IN (\(binds: compartments.sorted())))
            """
    }
}
