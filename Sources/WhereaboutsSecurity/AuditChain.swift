import Crypto
import Foundation

/// The hash chain of the audit log: each entry's hash covers its fields and the previous entry's
/// hash, so changing, removing, inserting or reordering any entry breaks every hash after it.
public enum AuditChain {
    /// The hash before the first entry (and before the first checkpoint).
    public static let origin = String(repeating: "0", count: 64)

    /// SHA-256 (hex) of an entry: its fields, each length-prefixed so no two entries encode alike.
    public static func hash(previous: String, fields: [String]) -> String {
        hex(SHA256.hash(data: encode(label: "whereabouts-audit-v1", [previous] + fields)))
    }

    /// `label`, then each field length-prefixed (4 bytes, big-endian): no two lists encode alike.
    static func encode(label: String, _ fields: [String]) -> Data {
        var data = Data(label.utf8)
        for field in fields {
            let bytes = Data(field.utf8)
            data.append(contentsOf: withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init))
            data.append(bytes)
        }
        return data
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
