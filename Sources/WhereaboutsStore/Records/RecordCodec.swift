import Foundation
import WhereaboutsCore

/// Turns record bodies into the two JSON texts the store keeps (the ordinary fields and the
/// identifying ones) and back.
enum RecordCodec {
    struct Encoded: Sendable {
        let body: String
        let identity: String?
        /// The top-level fields present, sorted.
        let fieldNames: [String]

        /// Each top-level field's canonical JSON, for telling which fields changed.
        func fields() -> [String: String] { RecordCodec.fields(body: body, identity: identity) }
    }

    static func encode(_ record: any RecordBody) throws -> Encoded {
        let bytes = try CanonicalJSON.encode(record)
        guard let members = JSONObjectFields.split(bytes) else {
            throw StoreError.invalid([FieldIssue(path: "", message: "a record must be a JSON object")])
        }
        let identityKeys = type(of: record).identityFields
        let plain = members.filter { !identityKeys.contains($0.key) }
        let identity = members.filter { identityKeys.contains($0.key) }
        return Encoded(
            body: String(decoding: JSONObjectFields.join(plain), as: UTF8.self),
            identity: identity.isEmpty ? nil : String(decoding: JSONObjectFields.join(identity), as: UTF8.self),
            fieldNames: members.map(\.key).sorted())
    }

    static func decode(kind: RecordKind, body: String, identity: String?) throws -> any RecordBody {
        var members = JSONObjectFields.split(Array(body.utf8)) ?? []
        if let identity, let extra = JSONObjectFields.split(Array(identity.utf8)) { members += extra }
        return try kind.bodyType.decoded(from: Data(JSONObjectFields.join(members)))
    }

    /// The top-level fields whose values differ between two encodings, as JSON Pointers.
    static func changedFields(from old: [String: String], to new: [String: String]) -> [String] {
        Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted().map { "/" + $0 }
    }

    /// The top-level fields of a stored body and identity.
    static func fields(body: String, identity: String?) -> [String: String] {
        var result: [String: String] = [:]
        for text in [body, identity].compactMap({ $0 }) {
            for member in JSONObjectFields.split(Array(text.utf8)) ?? [] {
                result[member.key] = String(decoding: member.value, as: UTF8.self)
            }
        }
        return result
    }
}
