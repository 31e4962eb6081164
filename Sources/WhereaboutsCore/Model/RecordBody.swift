/// What every kind of record tells the store about itself, so that one store can version, index,
/// validate and protect all of them alike.
public protocol RecordBody: Codable, Sendable, Equatable {
    static var kind: RecordKind { get }
    /// Top-level fields that identify a person (names, birth dates, testimony text). The store keeps
    /// them apart from the rest so they can be sealed and withheld.
    static var identityFields: Set<String> { get }
    /// A short human title for lists and search results.
    var title: String { get }
    /// Checks that need nothing but the record itself.
    func check(into checker: inout Checker)
    var references: [RecordReference] { get }
    var vocabularyUses: [VocabularyUse] { get }
    /// Text that search should find the record by.
    var searchText: [String] { get }
    /// Filter values other than vocabulary codes.
    var facets: [Facet] { get }
    /// The days the record concerns, for date-range filters.
    var period: FuzzyDate? { get }
}

extension RecordBody {
    public static var identityFields: Set<String> { [] }
    public var facets: [Facet] { [] }
    public var period: FuzzyDate? { nil }

    /// Runs the record's own checks and returns what failed.
    public func validate() -> [FieldIssue] {
        var checker = Checker()
        check(into: &checker)
        return checker.issues
    }
}

extension Array where Element == RecordID {
    func references(_ path: String, _ kinds: Set<RecordKind>) -> [RecordReference] {
        enumerated().map { RecordReference(path: "\(path)/\($0.offset)", kinds: kinds, id: $0.element) }
    }
}
