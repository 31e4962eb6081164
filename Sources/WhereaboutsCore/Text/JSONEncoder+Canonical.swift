import Foundation

extension JSONEncoder {
    /// The one JSON encoding Whereabouts writes everywhere (store, API, exports, logs): keys sorted,
    /// slashes unescaped, so equal values always give equal bytes.
    public static var canonical: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension RecordBody {
    /// Decodes a body of this record's type from JSON.
    public static func decoded(from data: Data) throws -> any RecordBody {
        try JSONDecoder().decode(Self.self, from: data)
    }
}
