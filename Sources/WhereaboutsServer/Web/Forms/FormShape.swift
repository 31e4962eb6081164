import WhereaboutsCore

/// What one field of a record form holds, read from the kind's JSON schema (``Schema/components``)
/// and its `x-` annotations (decision 0034): the one description both the API and the forms follow.
indirect enum FormShape: Sendable, Equatable {
    /// Free text up to `maxLength` characters (a text area when long).
    case text(maxLength: Int)
    case number
    /// Yes or no (a check box; unticked leaves the field out).
    case boolean
    /// A date as stated (``FuzzyDate``): `1977`, `1977-11`, `昭和52年`, `c. 1980`.
    case date
    /// A calendar day, `YYYY-MM-DD` (a day a decision is taken, a day a rule names).
    case day
    /// An ISO 3166-1 country, chosen from a list named in the reader's language.
    case country
    /// One of fixed values, labelled from the catalogue group `labels`.
    case choice([String], labels: String)
    /// A code of a vocabulary scheme, chosen at any depth.
    case code(VocabularyScheme)
    /// The id of a record of one of `kinds`, chosen by searching.
    case reference(Set<RecordKind>)
    /// Named parts, in their declared order.
    case group([Member])
    /// Any number of items of one shape.
    case list(FormShape)

    struct Member: Sendable, Equatable {
        let name: String
        let shape: FormShape
        let required: Bool
    }

    /// Long text gets a text area.
    static let longText = 2_000

    /// The shape of a kind's whole form.
    static func of(_ kind: RecordKind) -> FormShape {
        let components = RecordFormSchemas.components
        return shape(components[Schema.schemaName(kind)] ?? [:], components)
    }

    private static func shape(_ schema: JSONValue, _ components: [String: JSONValue]) -> FormShape {
        if case .string(let reference)? = schema["$ref"], let name = reference.split(separator: "/").last {
            if name == "FuzzyDate" { return .date }
            return shape(components[String(name)] ?? [:], components)
        }
        // A field that may also be sent as null (`oneOf` it and null) is drawn as the field itself.
        if case .array(let choices)? = schema["oneOf"] {
            let fields = choices.filter { $0 != ["type": "null"] }
            if fields.count == 1 { return shape(fields[0], components) }
        }
        if case .array(let kinds)? = schema["x-kinds"] {
            return .reference(
                Set(kinds.compactMap { if case .string(let kind) = $0 { RecordKind(rawValue: kind) } else { nil } }))
        }
        if case .string(let scheme)? = schema["x-scheme"] { return .code(VocabularyScheme(scheme)) }
        if schema == Schema.country { return .country }
        if schema["format"] == "date" { return .day }
        if case .array(let values)? = schema["enum"] {
            let labels: String
            if case .string(let group)? = schema["x-labels"] { labels = group } else { labels = "" }
            return .choice(values.compactMap { if case .string(let value) = $0 { value } else { nil } }, labels: labels)
        }
        switch schema["type"] {
        case .string("object")?:
            guard case .object(let properties)? = schema["properties"] else { return .group([]) }
            var order: [String] = []
            if case .array(let names)? = schema["x-order"] {
                order = names.compactMap { if case .string(let name) = $0 { name } else { nil } }
            }
            var required: Set<String> = []
            if case .array(let names)? = schema["required"] {
                required = Set(names.compactMap { if case .string(let name) = $0 { name } else { nil } })
            }
            let names = order + properties.keys.filter { !order.contains($0) }.sorted()
            return .group(
                names.compactMap { name in
                    properties[name].map {
                        Member(name: name, shape: shape($0, components), required: required.contains(name))
                    }
                })
        case .string("array")?:
            return .list(shape(schema["items"] ?? [:], components))
        case .string("number")?, .string("integer")?:
            return .number
        case .string("boolean")?:
            return .boolean
        default:
            if case .number(let maximum)? = schema["maxLength"] { return .text(maxLength: Int(maximum)) }
            return .text(maxLength: 500)
        }
    }
}

/// The API's named schemas, built once for the forms.
enum RecordFormSchemas {
    static let components = Schema.components
    /// Every kind's form shape, derived once.
    static let shapes: [RecordKind: FormShape] = Dictionary(
        uniqueKeysWithValues: RecordKind.allCases.map { ($0, FormShape.of($0)) })
}
