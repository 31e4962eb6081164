import WhereaboutsCore

/// What a record's schema says beyond JSON Schema, for the forms drawn from it (decision 0034):
/// which kinds an id may name, which vocabulary a code comes from, and which label group names an
/// enumeration's values. JSON Schema ignores these `x-` keywords; OpenAPI allows them.
extension Schema {
    /// The id of a record of one of `kinds` (what the kind's ``RecordBody/references`` declare there).
    static func reference(_ kinds: RecordKind...) -> JSONValue { reference(Set(kinds)) }

    static func reference(_ kinds: Set<RecordKind>) -> JSONValue {
        ["type": "string", "format": "uuid", "x-kinds": .array(kinds.map(\.rawValue).sorted().map { .string($0) })]
    }

    /// A code of `scheme` (what the kind's ``RecordBody/vocabularyUses`` declare there).
    static func code(_ scheme: VocabularyScheme) -> JSONValue {
        ["type": "string", "x-scheme": .string(scheme.rawValue)]
    }

    /// An enumeration whose values the interface labels from the catalogue group `labels`.
    static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type, labels: String) -> JSONValue
    where E.RawValue == String {
        enumeration(type.allCases.map(\.rawValue), labels: labels)
    }

    /// One of `values`, labelled from the catalogue group `labels`.
    static func enumeration(_ values: [String], labels: String) -> JSONValue {
        ["type": "string", "enum": .array(values.map { .string($0) }), "x-labels": .string(labels)]
    }
}
