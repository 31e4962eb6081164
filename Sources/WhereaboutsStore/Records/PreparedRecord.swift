import Foundation
import WhereaboutsCore

/// A checked record with everything the store writes for it, computed before the transaction
/// touches the database: its JSON, its reference rows, facet rows and normalised search text.
struct PreparedRecord: Sendable {
    let id: RecordID
    let kind: RecordKind
    let title: String
    let encoded: RecordCodec.Encoded
    let period: FuzzyDate?
    let references: [RecordReference]
    let facets: [Facet]
    let searchContent: String
    /// ``SearchText/grams(_:)`` of the search content.
    let searchGrams: [String]
    /// What is wrong with the record on its own and against the vocabularies. References are checked
    /// by the writer, which knows what else the transaction has written, and reported with these.
    let issues: [FieldIssue]

    init(_ body: any RecordBody, id: RecordID, vocabulary: VocabularyIndex) throws {
        var checker = Checker()
        body.check(into: &checker)
        vocabulary.check(body.vocabularyUses, into: &checker)
        for reference in body.references where reference.id == id {
            checker.fail(reference.path, "a record cannot refer to itself")
        }
        issues = checker.issues
        self.id = id
        kind = type(of: body).kind
        title = String(body.title.prefix(300))
        encoded = try RecordCodec.encode(body)
        period = body.period
        references = body.references
        var facets = Set(body.facets)
        for use in body.vocabularyUses {
            guard let name = use.facet else { continue }
            for code in vocabulary.lineage(use.scheme, use.code) { facets.insert(Facet(name, code)) }
        }
        self.facets = facets.sorted { ($0.name.rawValue, $0.value) < ($1.name.rawValue, $1.value) }
        let searchContent = SearchText.normalise(
            ([body.title] + body.searchText).filter { !$0.isEmpty }.joined(separator: "\n"))
        self.searchContent = searchContent
        searchGrams = SearchText.grams(searchContent)
    }

    /// Issues for references that point nowhere or at the wrong kind, given the kinds of the live records.
    func referenceIssues(knownKinds: (RecordID) -> RecordKind?) -> [FieldIssue] {
        references.compactMap { reference in
            guard let kind = knownKinds(reference.id) else {
                return FieldIssue(path: reference.path, message: "refers to no record (\(reference.id))")
            }
            guard reference.kinds.isEmpty || reference.kinds.contains(kind) else {
                let allowed = reference.kinds.map(\.rawValue).sorted().joined(separator: " or ")
                return FieldIssue(path: reference.path, message: "refers to a \(kind.rawValue), not a \(allowed)")
            }
            return nil
        }
    }
}
