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
    static let day: JSONValue = ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]
    static let country: JSONValue = ["type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2"]

    static func text(max: Int) -> JSONValue { ["type": "string", "maxLength": .number(Double(max))] }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/" + name)] }

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    static func oneOf(_ options: JSONValue...) -> JSONValue { ["oneOf": .array(options)] }

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
        ]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
}
