import Crypto
import Foundation

/// One server node's audit signing key (Ed25519), kept in the installation's key folder, never in the
/// data folder or a backup. Its ``id`` is derived from the public key, so a checkpoint that names its
/// node names the key it must verify under, and a swapped key shows up as a node nobody trusted.
public struct AuditNodeKey: Sendable {
    let privateKey: Curve25519.Signing.PrivateKey

    public init(rawRepresentation: Data) throws {
        privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
    }

    private init(_ key: Curve25519.Signing.PrivateKey) { privateKey = key }

    /// A new random key (tests, and a node's first run).
    public static func generate() -> AuditNodeKey { AuditNodeKey(.init()) }

    /// The public half, as a trust file lists it.
    public var publicKey: TrustedKeys.Node { TrustedKeys.Node(publicKey: privateKey.publicKey) }

    /// `node-` and the first 16 hex digits of the public key's SHA-256.
    public var id: String { publicKey.id }

    public func signature(for message: Data) throws -> Data { try privateKey.signature(for: message) }

    /// The private key's 32 bytes in base64, as the key file holds them.
    public var rawBase64: String { privateKey.rawRepresentation.base64EncodedString() }

    /// The key in `file` (base64 of the 32 raw bytes; the raw bytes an earlier release wrote are read
    /// too), creating a new one there (mode 0600) when none exists. Returns whether it was created.
    public static func loadOrCreate(_ file: URL) throws -> (key: AuditNodeKey, created: Bool) {
        if let data = FileManager.default.contents(atPath: file.path) {
            let raw =
                data.count == 32
                ? data
                : Data(
                    base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                )
            guard let raw, let key = try? AuditNodeKey(rawRepresentation: raw) else {
                throw KeyError.malformed("\(file.path) does not hold an audit signing key")
            }
            return (key, false)
        }
        let key = generate()
        try KeyFile.writePrivately(Data((key.rawBase64 + "\n").utf8), to: file)
        return (key, true)
    }
}
