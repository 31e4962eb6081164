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
        mac.update(data: Array(term.utf8))
        return Data(Array(mac.finalize()).prefix(12)).base64EncodedString()
    }

    public static func digest(_ term: String, key: DataKey) -> String { BlindIndex(key: key).digest(term) }
}
