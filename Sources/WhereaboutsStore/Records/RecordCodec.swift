import Foundation
import WhereaboutsCore

/// Turns record bodies into the two JSON texts the store keeps (the ordinary fields and the
/// identifying ones) and back.
enum RecordCodec {
    struct Encoded: Sendable {
        let body: String
        let identity: String?
        /// Each top-level field's canonical JSON, for telling which fields changed.
        let fields: [String: String]
    }

    static func encode(_ record: any RecordBody) throws -> Encoded {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(record)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw StoreError.invalid([FieldIssue(path: "", message: "a record must be a JSON object")])
        }
        let identityKeys = type(of: record).identityFields
        var plain: [String: Any] = [:]
        var identity: [String: Any] = [:]
        var fields: [String: String] = [:]
        for (key, value) in object {
            if identityKeys.contains(key) { identity[key] = value } else { plain[key] = value }
            fields[key] = try canonical(value)
        }
        return Encoded(
            body: try canonical(plain), identity: identity.isEmpty ? nil : try canonical(identity), fields: fields)
    }

    static func decode(kind: RecordKind, body: String, identity: String?) throws -> any RecordBody {
        var object = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        if let identity, let extra = try JSONSerialization.jsonObject(with: Data(identity.utf8)) as? [String: Any] {
            object.merge(extra) { _, new in new }
        }
        let data = try JSONSerialization.data(withJSONObject: object)
        return try decode(kind.bodyType, from: data)
    }

    /// Decodes a body of a concrete type from JSON sent by a client or read from a file.
    static func decode<T: RecordBody>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(T.self, from: data)
    }

    /// The top-level fields whose values differ between two encodings, as JSON Pointers.
    static func changedFields(from old: [String: String], to new: [String: String]) -> [String] {
        Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted().map { "/" + $0 }
    }

    static func fields(body: String, identity: String?) throws -> [String: String] {
        var result: [String: String] = [:]
        for text in [body, identity].compactMap({ $0 }) {
            let object = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
            for (key, value) in object { result[key] = try canonical(value) }
        }
        return result
    }

    private static func canonical(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
