import WhereaboutsCore
import WhereaboutsStore

/// What a record form looks up before it is drawn, always with the reader's access: the titles of
/// the records it refers to, and the records a picker offers — found by a search (names in any
/// script; pseudonyms to a reader without identity access), or the referrers of the record the
/// documenter came from. A record the reader may not see is never offered nor named.
struct RecordFormLookups: Sendable {
    var titles: [RecordID: String] = [:]
    var candidates: [String: [PickerCandidate]] = [:]

    /// At most this many records are offered by one picker.
    static let limit = 25

    static func load(
        _ state: RecordFormState, shape: FormShape, value: JSONValue?, store: SQLRecordStore, access: RecordAccess,
        text: Localizer
    ) async throws -> RecordFormLookups {
        var lookups = RecordFormLookups()
        for id in Set(shape.references(in: value)).prefix(200) {
            if let record = try? await store.get(id, access: access) {
                lookups.titles[id] = record.metadata.title
            }
        }
        let vocabulary = store.vocabularyIndex
        if let name = state.find, case .reference(let kinds)? = shape.at(name) {
            let query = state.queries[name] ?? ""
            if query.isEmpty, let context = state.context {
                lookups.candidates[name] = try await referrers(
                    of: context, kinds: kinds, store: store, access: access, text: text)
            } else {
                let page = try await store.search(
                    SearchQuery(text: query, kinds: kinds.sorted { $0.rawValue < $1.rawValue }, limit: limit),
                    access: access)
                lookups.candidates[name] = page.items.map {
                    PickerCandidate(
                        id: $0.id, title: label($0.title, kind: $0.kind, vocabulary: vocabulary, text: text))
                }
            }
        } else if let context = state.context, case .group(let members) = shape {
            // The empty top-level pickers offer what hangs from the record the documenter came from
            // (the acts of an event, for a perpetrator's involvement).
            for member in members {
                guard case .reference(let kinds) = member.shape, value?[member.name] == nil else { continue }
                let found = try await referrers(of: context, kinds: kinds, store: store, access: access, text: text)
                if !found.isEmpty { lookups.candidates[member.name] = found }
            }
        }
        return lookups
    }

    /// The live records of `kinds` that refer to `context`, titled with what they name (an act: its
    /// violation type and its victim).
    static func referrers(
        of context: RecordID, kinds: Set<RecordKind>, store: SQLRecordStore, access: RecordAccess, text: Localizer
    ) async throws -> [PickerCandidate] {
        guard let kind = try? await store.kind(of: context, access: access) else { return [] }
        let found = try await store.neighbourhood(
            of: context, kind: kind, referrers: kinds.sorted { $0.rawValue < $1.rawValue }, access: access)
        let vocabulary = store.vocabularyIndex
        return found.referrers.prefix(limit).map { record in
            let named = record.body.references.filter { $0.role == .mention }.compactMap { found.titles[$0.id]?.title }
            let title = label(record.metadata.title, kind: record.metadata.kind, vocabulary: vocabulary, text: text)
            return PickerCandidate(id: record.id, title: ([title] + named).joined(separator: " — "))
        }
    }

    /// A title as the reader's language shows it: a kind whose title is a vocabulary code (an act's
    /// violation type) shows the code's label.
    static func label(
        _ title: String, kind: RecordKind, vocabulary: VocabularyIndex, text: Localizer, withKind: Bool = true
    ) -> String {
        for scheme in vocabulary.schemes {
            if let term = vocabulary.term(scheme, title) {
                let label = text.label(term, code: title)
                return withKind ? "\(text.value("kind", kind.rawValue)): \(label)" : label
            }
        }
        return title
    }
}
