import Crypto
import CryptoExtras
import Foundation

/// The installation's key-encryption key (KEK): it never encrypts data itself, only wraps the data
/// keys kept in the database, so a copied database without it reveals nothing sealed.
///
/// It comes from a key file in the installation's key folder (``KeyDirectory``, mode 0600, created on
/// first run, never in the data folder), from an operator
/// passphrase (scrypt with a salt file beside the database), or from the environment (base64);
/// ``fingerprint`` lets a store tell, without decrypting anything, that it was given the wrong one.
public struct KeyEncryptionKey: Sendable {
    let key: SymmetricKey

    /// The raw 32 bytes (for splitting into shares and writing the key file only).
    public var bytes: [UInt8] { key.withUnsafeBytes { Array($0) } }

    /// A short public identifier of this key: HMAC of a fixed label, so it reveals nothing of the key.
    public var fingerprint: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("whereabouts-kek-fingerprint".utf8), using: key)
        return Array(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw KeyError.malformed("a key-encryption key must be 32 bytes") }
        key = SymmetricKey(data: bytes)
    }

    /// A new random key.
    public static func generate() -> KeyEncryptionKey {
        // 32 random bytes always make a valid key.
        try! KeyEncryptionKey(bytes: SecretToken.randomBytes(32))
    }

    /// The key given as base64 (as in `WHEREABOUTS_KEK`).
    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw KeyError.malformed("the key-encryption key is not base64")
        }
        try self.init(bytes: Array(data))
    }

    /// The key derived from an operator's passphrase with scrypt (N = 2^17, r = 8, p = 1) and `salt`.
    public static func derive(passphrase: String, salt: [UInt8]) throws -> KeyEncryptionKey {
        guard passphrase.count >= 16 else {
            throw KeyError.malformed("a key passphrase must be at least 16 characters")
        }
        let derived = try KDF.Scrypt.deriveKey(
            from: Array(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: 1 << 17, blockSize: 8,
            parallelism: 1, maxMemory: 256 << 20)
        return try KeyEncryptionKey(bytes: derived.withUnsafeBytes { Array($0) })
    }

    /// Wraps a data key: AES-256-GCM with the key's id as associated data, so a wrapped key cannot be
    /// passed off as another.
    public func wrap(_ dataKey: DataKey) throws -> String {
        let sealed = try AES.GCM.seal(dataKey.bytes, using: key, authenticating: Self.label(dataKey.id))
        guard let combined = sealed.combined else { throw KeyError.malformed("AES-GCM gave no combined form") }
        return combined.base64EncodedString()
    }

    /// Unwraps a data key wrapped by ``wrap(_:)`` under this key and `id`.
    public func unwrap(_ wrapped: String, id: String) throws -> DataKey {
        guard let data = Data(base64Encoded: wrapped), let box = try? AES.GCM.SealedBox(combined: data),
            let bytes = try? AES.GCM.open(box, using: key, authenticating: Self.label(id))
        else { throw KeyError.wrongKey }
        return try DataKey(id: id, bytes: Array(bytes))
    }

    private static func label(_ id: String) -> [UInt8] { Array("whereabouts-data-key:\(id)".utf8) }
}

/// Why a key could not be used.
public enum KeyError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    /// The key does not open what it was asked to open (wrong key, or altered data).
    case wrongKey
    /// A sealed value names a key this installation does not have.
    case unknownKey(String)

    public var description: String {
        switch self {
        case .malformed(let message): return message
        case .wrongKey: return "the key does not open this data (a different key, or the data was altered)"
        case .unknownKey(let id): return "no data key '\(id)' in this installation"
        }
    }
}
