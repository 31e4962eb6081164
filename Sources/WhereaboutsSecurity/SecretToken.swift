import Crypto
import Foundation

/// Random secrets handed to people or programs (session ids, API tokens, set-up links, recovery
/// codes) and the hashes under which they are stored: the database never holds a usable secret.
public enum SecretToken {
    /// `count` bytes from the system's cryptographic random source.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// `count` characters drawn uniformly from `alphabet` (rejection sampling, so no character is favoured).
    public static func randomCharacters(_ count: Int, from alphabet: [Character]) -> String {
        precondition(!alphabet.isEmpty && alphabet.count <= 256)
        let limit = 256 - 256 % alphabet.count
        var result: [Character] = []
        while result.count < count {
            for byte in randomBytes(count * 2) where Int(byte) < limit && result.count < count {
                result.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(result)
    }

    /// A new secret of 32 random bytes, base64url without padding (43 characters).
    public static func generate(prefix: String = "") -> String {
        prefix + base64URL(randomBytes(32))
    }

    /// The stored form of a high-entropy secret: SHA-256, hex. (Passwords use ``PasswordHasher``.)
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a token sent with a request is the expected one, compared in constant time.
    public static func matches(_ sent: String?, _ expected: String) -> Bool {
        guard let sent else { return false }
        return constantTimeEqual(Array(sent.utf8), Array(expected.utf8))
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
