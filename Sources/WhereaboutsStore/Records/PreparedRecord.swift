import Foundation
import WhereaboutsCore

/// A checked record with everything the store writes for it, computed before the transaction
/// touches the database: its JSON (the identifying part sealed), its reference rows, facet rows,
/// normalised search text and blind-index digests.
struct PreparedRecord: Sendable {
    let id: RecordID
    let kind: RecordKind
    /// The title as stored: sealed when it is a person's name.
    let storedTitle: String
    let encoded: RecordCodec.Encoded
    /// The identifying fields' JSON as stored: sealed.
    let storedIdentity: String?
    /// The period as indexed for date filters: none when it is a birth date.
    let period: FuzzyDate?
    /// Digests of ``BlindTerms`` of the identifying text, under the sealing compartment's index key.
    let blindDigests: [String]
    let references: [RecordReference]
    let facets: [Facet]
    let searchContent: String
    /// ``SearchText/grams(_:)`` of the search content.
    let searchGrams: [String]
    /// The reference, facet and blind-index rows as JSON array elements (``JSONRows``), joined by
    /// commas; the blind-index rows carry the record's id, which the writer turns into its seq.
    let referenceRowsJSON: String
    let facetRowsJSON: String
    let blindRowsJSON: String
    /// The record's own row (id, kind, title, body, identity, date from, date to), its first
    /// version's row (id, changed fields) and its search rows (id, content; id, grams), as JSON
    /// array elements for a bulk create on SQLite.
    let recordRowJSON: String
    let versionRowJSON: String
    let searchRowJSON: String
    let gramsRowJSON: String
    /// What is wrong with the record on its own and against the vocabularies. References are checked
    /// by the writer, which knows what else the transaction has written, and reported with these.
    let issues: [FieldIssue]

    init(_ body: any RecordBody, id: RecordID, vocabulary: VocabularyIndex, sealer: RecordSealer) throws {
        var checker = Checker()
        body.check(into: &checker)
        vocabulary.check(body.vocabularyUses, into: &checker)
        for reference in body.references where reference.id == id {
            checker.fail(reference.path, "a record cannot refer to itself")
        }
        issues = checker.issues
        self.id = id
        kind = type(of: body).kind
        let summaryIdentifies = type(of: body).summaryIdentifies
        let title = String(body.title.prefix(300))
        storedTitle = summaryIdentifies ? try sealer.seal(title, record: id.description, field: "title") ?? "" : title
        encoded = try RecordCodec.encode(body)
        storedIdentity = try sealer.seal(encoded.identity, record: id.description, field: "identity")
        period = summaryIdentifies ? nil : body.period
        blindDigests = BlindTerms.index(
            names: body.identityNames, forms: body.identityNameForms, text: body.identityText
        ).map(sealer.digest)
        references = body.references
        var facets = Set(body.facets)
        for use in body.vocabularyUses {
            guard let name = use.facet else { continue }
            for code in vocabulary.lineage(use.scheme, use.code) { facets.insert(Facet(name, code)) }
        }
        self.facets = facets.sorted { ($0.name.rawValue, $0.value) < ($1.name.rawValue, $1.value) }
        let searchContent = SearchText.normalise(
            ((summaryIdentifies ? [] : [body.title]) + body.searchText).filter { !$0.isEmpty }
                .joined(separator: "\n"))
        self.searchContent = searchContent
        searchGrams = SearchText.grams(searchContent)
        let idText = id.description
        referenceRowsJSON = references.map { reference in
            JSONRows.row([
                .text(idText), .text(reference.path), .text(reference.id.description),
                .integer(reference.rollsUp ? 1 : 0),
            ])
        }.joined(separator: ",")
        facetRowsJSON = self.facets.map { JSONRows.row([.text(idText), .text($0.name.rawValue), .text($0.value)]) }
            .joined(separator: ",")
        blindRowsJSON = blindDigests.map { JSONRows.row([.text(idText), .text($0)]) }.joined(separator: ",")
        recordRowJSON = JSONRows.row([
            .text(idText), .text(kind.rawValue), .text(storedTitle), .text(encoded.body), .optional(storedIdentity),
            .optional(period?.from.iso), .optional(period?.to.iso),
        ])
        let changed = JSONRows.row(encoded.fieldNames.map { .text("/" + $0) })
        versionRowJSON = JSONRows.row([.text(idText), .text(changed)])
        searchRowJSON = JSONRows.row([.text(idText), .text(searchContent)])
        gramsRowJSON = JSONRows.row([.text(idText), .text(searchGrams.joined(separator: " "))])
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
