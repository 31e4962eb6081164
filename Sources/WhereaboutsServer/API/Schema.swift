import WhereaboutsCore

/// A small vocabulary for writing JSON Schemas (the dialect OpenAPI 3.1 uses).
enum Schema {
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    /// A file's bytes.
    static let binary: JSONValue = ["type": "string", "format": "binary"]
    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    /// A calendar day, years 1–9999 (the server's `Day`).
    static let day: JSONValue = [
        "type": "string", "format": "date",
        "pattern": "^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-[0-9]{2}-[0-9]{2}$",
    ]
    /// One of the ISO 3166-1 alpha-2 codes the server accepts (``CountryCode``).
    static let country: JSONValue = [
        "type": "string", "enum": .array(CountryCode.all.sorted().map { .string($0) }),
        "description": "ISO 3166-1 alpha-2",
    ]
    /// A vocabulary scheme's name.
    static let scheme: JSONValue = ["type": "string", "pattern": "^[a-z][a-z0-9-]{0,63}$"]

    static func text(max: Int) -> JSONValue { ["type": "string", "maxLength": .number(Double(max))] }

    /// A whole number within `range`.
    static func integer(_ range: ClosedRange<Int>) -> JSONValue {
        ["type": "integer", "minimum": .number(Double(range.lowerBound)), "maximum": .number(Double(range.upperBound))]
    }

    /// Text matching `pattern` (an ECMA regular expression, anchored).
    static func matching(_ pattern: String) -> JSONValue { ["type": "string", "pattern": .string(pattern)] }

    /// A record's version as `If-Match` carries it: `"3"`, `W/"3"` or `3`.
    static let version: JSONValue = matching("^(W/)?(\"[1-9][0-9]{0,17}\"|[1-9][0-9]{0,17})$")
    /// An evidence item's id.
    static let evidenceID: JSONValue = matching("^ev[0-9a-f]{24}$")
    /// A compartment's id (``CompartmentID``).
    static let compartment: JSONValue = matching("^[a-z0-9_-]{3,64}$")
    /// Text with at least one character that is not a space.
    static let nonBlank: JSONValue = matching("\\S")

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/" + name)] }

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    static func oneOf(_ options: JSONValue...) -> JSONValue { ["oneOf": .array(options)] }

    /// `schema`, or empty text meaning "not given" (a search form's empty field).
    static func orEmpty(_ schema: JSONValue) -> JSONValue {
        ["anyOf": .array([schema, ["type": "string", "maxLength": 0]])]
    }

    static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> JSONValue
    where E.RawValue == String {
        ["type": "string", "enum": .array(type.allCases.map { .string($0.rawValue) })]
    }

    static func enumeration(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map { .string($0) })]
    }

    /// An object that allows no properties but those listed.
    static func object(
        _ properties: KeyValuePairs<String, JSONValue>, required: [String] = [], description: String? = nil
    ) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object",
            "properties": .object(Dictionary(properties.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b })),
            "additionalProperties": false,
            // The properties' order as declared, for forms drawn from the schema (decision 0034).
            "x-order": .array(properties.map { .string($0.key) }),
        ]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
}
