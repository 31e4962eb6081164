import Crypto
import Foundation

/// Keyed digests of normalised terms (name parts, identity numbers, words of testimony), stored in
/// place of the terms so that exact lookups work without the table ever holding a name.
///
/// HMAC-SHA256 under a per-compartment index key, truncated to 96 bits and base64 (16 characters).
/// Without the key a digest cannot be tested against guesses; with it, equal terms give equal
/// digests within one compartment only.
public enum BlindIndex {
    public static func digest(_ term: String, key: DataKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(term.utf8), using: key.key)
        return Data(Array(mac).prefix(12)).base64EncodedString()
    }
}
