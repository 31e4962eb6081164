import Foundation
import WhereaboutsServer

/// Checks JSON against the JSON Schema subset the API description uses ($ref, oneOf, type, enum,
/// properties, required, additionalProperties, items, pattern, maxLength, format uuid). Written
/// for the tests, so that the description is held to what the server really sends.
struct SchemaValidator {
    let components: [String: JSONValue]

    init(document: JSONValue) {
        if case .object(let schemas)? = document["components"]?["schemas"] {
            components = schemas
        } else {
            components = [:]
        }
    }

    /// Every place where `value` breaks `schema`, as "path: reason"; empty when it conforms.
    func errors(_ value: JSONValue, _ schema: JSONValue, at path: String = "") -> [String] {
        if let reference = schema["$ref"]?.string {
            let name = String(reference.dropFirst("#/components/schemas/".count))
            guard let target = components[name] else { return ["\(path): unresolved \(reference)"] }
            return errors(value, target, at: path)
        }
        if case .array(let options)? = schema["oneOf"] {
            let matching = options.filter { errors(value, $0, at: path).isEmpty }.count
            return matching == 1 ? [] : ["\(path): matches \(matching) of the oneOf options"]
        }
        var found: [String] = []
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            found.append("\(path): \(value) is not in the enum")
        }
        switch (schema["type"]?.string, value) {
        case (nil, _): break
        case ("string", .string(let text)):
            if let pattern = schema["pattern"]?.string, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): '\(text)' does not match \(pattern)")
            }
            if case .number(let limit)? = schema["maxLength"], Double(text.count) > limit {
                found.append("\(path): longer than \(Int(limit))")
            }
            if schema["format"]?.string == "uuid", UUID(uuidString: text) == nil {
                found.append("\(path): '\(text)' is not a uuid")
            }
        case ("integer", .number(let number)) where number.rounded() == number: break
        case ("number", .number): break
        case ("boolean", .bool): break
        case ("array", .array(let items)):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { found += errors(item, itemSchema, at: "\(path)/\(index)") }
            }
        case ("object", .object(let object)):
            let properties: [String: JSONValue]
            if case .object(let declared)? = schema["properties"] { properties = declared } else { properties = [:] }
            for case .string(let name) in schema["required"]?.items ?? [] where object[name] == nil {
                found.append("\(path)/\(name): required but missing")
            }
            for (key, member) in object {
                if let propertySchema = properties[key] {
                    found += errors(member, propertySchema, at: "\(path)/\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        found.append("\(path)/\(key): not allowed by the schema")
                    } else if additional != .bool(true) {
                        found += errors(member, additional, at: "\(path)/\(key)")
                    }
                }
            }
        case (let type?, _):
            found.append("\(path): expected \(type), found \(value)")
        }
        return found
    }
}
