import Foundation

/// The identifier of a record: a random UUID, written in lower case.
public struct RecordID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID = UUID()) { self.uuid = uuid }

    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    /// The UUID in lower-case hex with hyphens (what `uuidString.lowercased()` gives), written here:
    /// ids are turned into text for every row a record writes, and Foundation formats each byte
    /// with `printf` on Linux.
    public var description: String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var index = 0
                for (position, byte) in bytes.enumerated() {
                    if position == 4 || position == 6 || position == 8 || position == 10 {
                        out[index] = 0x2D
                        index += 1
                    }
                    out[index] = Self.hexDigits[Int(byte >> 4)]
                    out[index + 1] = Self.hexDigits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The order of the ids' text, which is the order of their bytes (hex digits sort as their
    /// values, hyphens stand at the same places in every id).
    public static func < (lhs: RecordID, rhs: RecordID) -> Bool {
        withUnsafeBytes(of: lhs.uuid.uuid) { left in
            withUnsafeBytes(of: rhs.uuid.uuid) { right in left.lexicographicallyPrecedes(right) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = RecordID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text.prefix(60))' is not a record id (a UUID)")
        }
        self = id
    }

    /// Encodes the id's text, or that of its stand-in when the encoder carries a
    /// ``RecordIDSubstitution`` (exports for publication).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let substitution = encoder.userInfo[RecordIDSubstitution.key] as? RecordIDSubstitution {
            try container.encode(substitution.standIn(self).description)
        } else {
            try container.encode(description)
        }
    }
}
