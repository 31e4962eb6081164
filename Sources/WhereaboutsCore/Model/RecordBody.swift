/// What every kind of record tells the store about itself, so that one store can version, index,
/// validate and protect all of them alike.
public protocol RecordBody: Codable, Sendable, Equatable {
    static var kind: RecordKind { get }
    /// How records of this kind are placed in compartments (decision 0016): case records hang from
    /// other case records; shared records (persons, organisations, sources) are seen wherever a case
    /// record refers to them, and pass nothing on.
    static var placement: Placement { get }
    /// Top-level fields that identify a person (names, birth dates, testimony text). The store keeps
    /// them apart from the rest so they can be sealed and withheld.
    static var identityFields: Set<String> { get }
    /// A short human title for lists and search results.
    var title: String { get }
    /// Checks that need nothing but the record itself.
    func check(into checker: inout Checker)
    var references: [RecordReference] { get }
    var vocabularyUses: [VocabularyUse] { get }
    /// Text that search should find the record by, kept in the clear search index: never
    /// identifying text (that goes in ``identityNames`` and ``identityText``).
    var searchText: [String] { get }
    /// Names in identifying fields: found by exact name parts through the keyed blind index only.
    var identityNames: [String] { get }
    /// The same names as written (full, family, given), for name keys that meet across romanisations.
    var identityNameForms: [NameForm] { get }
    /// Other identifying text (notes, testimony): found by exact words through the blind index only.
    var identityText: [String] { get }
    /// Whether ``title`` comes from identifying fields (a person's name, a testimony's title), so the
    /// store must seal it and show readers without identity access a pseudonym instead.
    static var summaryIdentifies: Bool { get }
    /// Whether ``period`` comes from an identifying field (a birth date), so the store must not index it.
    static var periodIdentifies: Bool { get }
    /// Whether files (evidence items: photos, scans, recordings) may be attached to records of this
    /// kind (issue 15). The store, the API and the CLI offer evidence only where this says so.
    static var carriesEvidence: Bool { get }
    /// Whether this kind's evidence is hostile material (a phishing lure, its attachments): such
    /// items are kept and downloadable as attachments but never previewed or rendered (issue 20).
    static var evidenceIsHostile: Bool { get }
    /// Filter values other than vocabulary codes.
    var facets: [Facet] { get }
    /// The days the record concerns, for date-range filters.
    var period: FuzzyDate? { get }
    /// Checks that a new version may replace `previous` (the current body of the same kind): what a
    /// kind keeps append-only or fixed once written (a measure's status history, a decision's
    /// outcome). Every update and restore runs it.
    func checkChange(from previous: any RecordBody, into checker: inout Checker)
    /// Whether records of this kind hold a consent of their own (a source's giver's, a claimant's):
    /// sharing reads them first, and withholds what refers to one it withheld (decision 0039).
    static var holdsConsent: Bool { get }
    /// Whether the record's own consent covers sharing for `scope`; always true for kinds that hold
    /// none.
    func consentAllows(_ scope: Consent.Scope) -> Bool
    /// The record with the parts that rest on `withheld` records taken out (a citation of a withheld
    /// source, a name form or fate entry it gave), for kinds that can be shared without them. A
    /// record that still refers to a withheld one afterwards is withheld whole.
    func leavingOut(_ withheld: Set<RecordID>) -> Self
}

extension RecordBody {
    public static var placement: Placement { .caseRecord(parents: .union) }
    public static var identityFields: Set<String> { [] }
    public static var summaryIdentifies: Bool { false }
    public static var carriesEvidence: Bool { false }
    public static var evidenceIsHostile: Bool { false }
    public static var periodIdentifies: Bool { summaryIdentifies }
    public var identityNames: [String] { [] }
    public var identityNameForms: [NameForm] { [] }
    public var identityText: [String] { [] }
    public var facets: [Facet] { [] }
    public var period: FuzzyDate? { nil }
    public func checkChange(from previous: any RecordBody, into checker: inout Checker) {}
    public static var holdsConsent: Bool { false }
    public func consentAllows(_ scope: Consent.Scope) -> Bool { true }
    public func leavingOut(_ withheld: Set<RecordID>) -> Self { self }

    /// Runs the record's own checks and returns what failed.
    public func validate() -> [FieldIssue] {
        var checker = Checker()
        check(into: &checker)
        return checker.issues
    }
}

extension Array where Element == RecordID {
    func references(
        _ path: String, _ kinds: Set<RecordKind>, role: RecordReference.Role = .mention
    ) -> [RecordReference] {
        enumerated().map {
            RecordReference(path: "\(path)/\($0.offset)", kinds: kinds, id: $0.element, role: role)
        }
    }
}
