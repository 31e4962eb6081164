import Crypto
import Foundation

/// Text sealed with AES-256-GCM under a data key, in the self-describing form the store keeps:
/// `wh1.<key id>.<base64 of nonce, ciphertext and tag>`.
///
/// The associated data binds the ciphertext to the record, the field and the key that sealed it,
/// so a ciphertext copied into another record or another field, or relabelled with another key,
/// fails to open instead of showing the wrong person's data.
public enum SealedValue {
    static let prefix = "wh1."

    /// Whether `stored` is a sealed value (rather than text from before sealing existed).
    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    /// The id of the key that sealed `stored`, if it is sealed.
    public static func keyID(of stored: String) -> String? {
        guard isSealed(stored) else { return nil }
        let rest = stored.dropFirst(prefix.count)
        guard let end = rest.lastIndex(of: ".") else { return nil }
        return String(rest[..<end])
    }

    public static func seal(_ text: String, with key: DataKey, record: String, field: String) throws -> String {
        let box = try AES.GCM.seal(
            Array(text.utf8), using: key.key, authenticating: context(key.id, record: record, field: field))
        guard let combined = box.combined else { throw KeyError.malformed("AES-GCM gave no combined form") }
        return prefix + key.id + "." + combined.base64EncodedString()
    }

    /// Opens a sealed value with the key it names, which `key(id)` supplies.
    public static func open(
        _ stored: String, record: String, field: String, key: (String) throws -> DataKey
    ) throws -> String {
        guard let id = keyID(of: stored) else { throw KeyError.malformed("not a sealed value") }
        let encoded = stored.dropFirst(prefix.count + id.count + 1)
        guard let data = Data(base64Encoded: String(encoded)), let box = try? AES.GCM.SealedBox(combined: data)
        else { throw KeyError.malformed("a sealed value is damaged") }
        let dataKey = try key(id)
        guard
            let plain = try? AES.GCM.open(
                box, using: dataKey.key, authenticating: context(id, record: record, field: field))
        else { throw KeyError.wrongKey }
        return String(decoding: plain, as: UTF8.self)
    }

    private static func context(_ keyID: String, record: String, field: String) -> [UInt8] {
        // Each part length-prefixed, so no two different triples give the same bytes.
        [keyID, record, field].flatMap { part in Array("\(part.utf8.count):\(part);".utf8) }
    }
}
