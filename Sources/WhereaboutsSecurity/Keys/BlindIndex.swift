import Crypto
import Foundation

/// Keyed digests of normalised terms (name parts, identity numbers, words of testimony), stored in
/// place of the terms so that exact lookups work without the table ever holding a name.
///
/// HMAC-SHA256 under a per-compartment index key, truncated to 96 bits and base64 (16 characters).
/// Without the key a digest cannot be tested against guesses; with it, equal terms give equal
/// digests within one compartment only.
public struct BlindIndex: Sendable {
    /// The HMAC with the key already absorbed: copied for each term instead of keyed again (a person
    /// gives a dozen terms or more, an import millions).
    private let keyed: HMAC<SHA256>

    public init(key: DataKey) { keyed = HMAC<SHA256>(key: key.key) }

    public func digest(_ term: String) -> String {
        var mac = keyed
        var term = term
        term.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        // 12 bytes are exactly 16 base64 characters (no padding): written here, without Foundation.
        return mac.finalize().withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: 16) { out in
                for group in 0..<4 {
                    let chunk =
                        UInt32(bytes[group * 3]) << 16 | UInt32(bytes[group * 3 + 1]) << 8
                        | UInt32(bytes[group * 3 + 2])
                    for position in 0..<4 {
                        out[group * 4 + position] = Self.base64[Int(chunk >> (18 - 6 * position) & 0x3F)]
                    }
                }
                return 16
            }
        }
    }

    private static let base64: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func digest(_ term: String, key: DataKey) -> String { BlindIndex(key: key).digest(term) }
}
