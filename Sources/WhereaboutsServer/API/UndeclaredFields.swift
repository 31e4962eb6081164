import Foundation
import WhereaboutsCore

/// The fields of a JSON body that its schema does not declare, where the schema allows no others
/// (`additionalProperties: false`), each by its JSON Pointer. A record's body is decoded leniently
/// (an unknown key would otherwise be dropped without a word), so the API refuses such bodies with
/// 422 naming each field, as its description says.
enum UndeclaredFields {
    /// The API's named schemas, built once (`Schema.components` builds them anew on each call).
    private static let components = Schema.components

    static func find(_ value: JSONValue, schema: JSONValue, components: [String: JSONValue], at path: String = "")
        -> [String]
    {
        if case .string(let reference)? = schema["$ref"] {
            guard let name = reference.split(separator: "/").last, let target = components[String(name)] else {
                return []
            }
            return find(value, schema: target, components: components, at: path)
        }
        for combination in ["oneOf", "anyOf"] {
            guard case .array(let options)? = schema[combination] else { continue }
            // The option of the value's own type that finds the fewest undeclared fields.
            let findings = options.filter { admitsType(of: value, $0, components) }.map {
                find(value, schema: $0, components: components, at: path)
            }
            return findings.min { $0.count < $1.count } ?? []
        }
        switch value {
        case .object(let object):
            let properties: [String: JSONValue]
            if case .object(let declared)? = schema["properties"] { properties = declared } else { properties = [:] }
            var found: [String] = []
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                let pointer =
                    path + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                if let declared = properties[key] {
                    found += find(member, schema: declared, components: components, at: pointer)
                } else if schema["additionalProperties"] == .bool(false) {
                    found.append(pointer)
                }
            }
            return found
        case .array(let items):
            guard let itemSchema = schema["items"] else { return [] }
            return items.enumerated().flatMap { index, item in
                find(item, schema: itemSchema, components: components, at: path + "/\(index)")
            }
        default:
            return []
        }
    }

    /// Whether `schema` (after references) could describe a value of `value`'s JSON type.
    private static func admitsType(of value: JSONValue, _ schema: JSONValue, _ components: [String: JSONValue]) -> Bool
    {
        if case .string(let reference)? = schema["$ref"], let name = reference.split(separator: "/").last,
            let target = components[String(name)]
        {
            return admitsType(of: value, target, components)
        }
        guard case .string(let type)? = schema["type"] else { return true }
        switch value {
        case .object: return type == "object"
        case .array: return type == "array"
        case .string: return type == "string"
        case .number: return type == "number" || type == "integer"
        case .bool: return type == "boolean"
        case .null: return type == "null"
        }
    }

    /// Refuses `data` with 422 when it holds fields `schema` does not declare; a body that is not
    /// JSON is left to the decoder's own answer.
    static func refuse(_ data: Data, schema: JSONValue) throws {
        guard let value = try? JSONValue.parse(data) else { return }
        let found = find(value, schema: schema, components: components)
        guard found.isEmpty else {
            throw Problem.invalid(
                found.prefix(20).map { FieldIssue(path: String($0.prefix(200)), message: "is not a field here") })
        }
    }
}
