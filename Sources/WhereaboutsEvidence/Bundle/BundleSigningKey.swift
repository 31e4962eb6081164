import Crypto
import Foundation
import WhereaboutsSecurity

/// The Ed25519 public key a bundle's manifest is signed with, as a PEM `PUBLIC KEY`
/// (SubjectPublicKeyInfo), which `openssl pkeyutl -verify -pubin -rawin` reads. It is the
/// installation node's audit signing key (decision 0019), whose id `audit trust export` prints.
public enum BundleSigningKey {
    /// The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the 32 key bytes.
    private static let prefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The PEM text of `key`.
    public static func pem(_ key: TrustedKeys.Node) -> String {
        let der = Data(prefix + key.publicKey.rawRepresentation)
        return "-----BEGIN PUBLIC KEY-----\n\(der.base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }

    /// The key in PEM `text`, or nil when it is not one Ed25519 public key.
    public static func key(pem text: String) -> TrustedKeys.Node? {
        let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard text.contains("-----BEGIN PUBLIC KEY-----"), let der = Data(base64Encoded: body),
            der.count == prefix.count + 32, Array(der.prefix(prefix.count)) == prefix,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
        else { return nil }
        return TrustedKeys.Node(publicKey: key)
    }
}
