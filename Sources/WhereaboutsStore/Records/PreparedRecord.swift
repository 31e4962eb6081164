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
    /// The rows SQLite's bulk path binds as JSON arrays, when built already (``withBulkRows()``, in a
    /// preparing task); the writer builds them itself otherwise. PostgreSQL and re-sealing never need them.
    private(set) var bulkRows: BulkRows?
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
        period = type(of: body).periodIdentifies ? nil : body.period
        // Distinct terms give distinct digests but for a 96-bit collision, which must not fail the write.
        blindDigests = Array(
            Set(
                BlindTerms.index(names: body.identityNames, forms: body.identityNameForms, text: body.identityText)
                    .map(sealer.digest)))
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
    }

    /// The record with its bulk rows built (costly for long bodies: done off the writer's path).
    func withBulkRows() -> PreparedRecord {
        var copy = self
        copy.bulkRows = BulkRows(self)
        return copy
    }

    /// The record's rows as JSON array elements (``JSONRows``). Reference rows carry the record's
    /// id; facets, the first version, blind-index digests, search text and grams are keyed by the
    /// record's seq, which the writer puts in front of them once it is known (``keyed(_:seqs:)``).
    struct BulkRows: Sendable {
        /// id, kind, title, body, identity, date from, date to.
        let record: String
        /// The first version's changed fields (a JSON array) as a JSON string.
        let version: String
        /// References: several elements joined by commas.
        let references: String
        /// The facets as one JSON array of `[name,value]` pairs.
        let facets: String
        /// The blind-index digests as one JSON array; the search content and the grams as JSON strings.
        let blind: String
        let search: String
        let grams: String

        init(_ prepared: PreparedRecord) {
            let id = prepared.id.description
            record = JSONRows.row([
                .text(id), .text(prepared.kind.rawValue), .text(prepared.storedTitle), .text(prepared.encoded.body),
                .optional(prepared.storedIdentity), .optional(prepared.period?.from.iso),
                .optional(prepared.period?.to.iso),
            ])
            version = CanonicalJSON.quoted(JSONRows.row(prepared.encoded.fieldNames.map { .text("/" + $0) }))
            references = prepared.references.map { reference in
                JSONRows.row([
                    .text(id), .text(reference.path), .text(reference.id.description),
                    .integer(reference.rollsUp ? 1 : 0), .integer(reference.role == .parent ? 1 : 0),
                ])
            }.joined(separator: ",")
            facets = JSONRows.array(prepared.facets.map { JSONRows.row([.text($0.name.rawValue), .text($0.value)]) })
            blind = JSONRows.row(prepared.blindDigests.map { .text($0) })
            search = CanonicalJSON.quoted(prepared.searchContent)
            grams = CanonicalJSON.quoted(prepared.searchGrams.joined(separator: " "))
        }

        /// `[[seq,value],…]`: each record's value of one seq-keyed kind behind its seq, leaving out
        /// empty lists (a record without facets or digests writes no row).
        static func keyed(_ values: [String], seqs: [Int]) -> String {
            var rows: [String] = []
            rows.reserveCapacity(values.count)
            for (value, seq) in zip(values, seqs) where value != "[]" {
                rows.append("[" + String(seq) + "," + value + "]")
            }
            return JSONRows.array(rows)
        }
    }

    /// Whether the record hangs from a case record (``Placement``), given the kinds of the records it
    /// refers to: then it follows that record and needs no home compartment of its own.
    func hangsFromCase(_ kinds: [RecordID: RecordKind]) -> Bool {
        references.contains { $0.role == .parent && kinds[$0.id].map { !$0.placement.isShared } ?? false }
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
