import Crypto
import Foundation

/// A 256-bit data key with its id (`<compartment>.<version>` for sealing keys,
/// `<compartment>.index` for blind-index keys). Data keys live in the database wrapped by the
/// ``KeyEncryptionKey``, and in memory only while the store is open.
public struct DataKey: Sendable {
    public let id: String
    let key: SymmetricKey

    var bytes: [UInt8] { key.withUnsafeBytes { Array($0) } }

    public init(id: String, bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw KeyError.malformed("a data key must be 32 bytes") }
        self.id = id
        key = SymmetricKey(data: bytes)
    }

    /// A new random key with `id`.
    public static func generate(id: String) -> DataKey {
        // 32 random bytes always make a valid key.
        try! DataKey(id: id, bytes: SecretToken.randomBytes(32))
    }
}
