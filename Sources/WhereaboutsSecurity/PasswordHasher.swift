import Crypto
import CryptoExtras
import Foundation

/// Hashes passwords with scrypt. Each hash is stored with its own salt and cost parameters
/// (`scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`, base64), so parameters can be raised later without
/// breaking existing accounts; ``needsRehash(_:)`` tells when a stored hash is below today's cost.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's CPU/memory cost N.
    public let logN: Int
    public let blockSize: Int
    public let parallelism: Int

    /// The production cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of milliseconds on a laptop core).
    public static let standard = PasswordHasher(logN: 15, blockSize: 8, parallelism: 1)
    /// A cheap cost for tests only; never used by `serve`.
    public static let testing = PasswordHasher(logN: 10, blockSize: 8, parallelism: 1)

    public init(logN: Int, blockSize: Int, parallelism: Int) {
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// A new salted hash of `password`.
    public func hash(_ password: String) throws -> String {
        let salt = SecretToken.randomBytes(16)
        let key = try Self.derive(password, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism)
        return [
            "scrypt", String(logN), String(blockSize), String(parallelism), Data(salt).base64EncodedString(),
            Data(key).base64EncodedString(),
        ].joined(separator: "$")
    }

    /// Whether `password` matches `stored`, compared in constant time. A malformed stored hash never matches.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Self.parse(stored),
            let key = try? Self.derive(
                password, salt: parsed.salt, logN: parsed.logN, blockSize: parsed.blockSize,
                parallelism: parsed.parallelism)
        else { return false }
        return SecretToken.constantTimeEqual(key, parsed.hash)
    }

    /// Spends the same work as a verification without any account, so that an unknown user name
    /// answers as slowly as a wrong password.
    public func burnVerification(_ password: String) {
        _ = try? Self.derive(
            password, salt: [UInt8](repeating: 0, count: 16), logN: logN, blockSize: blockSize,
            parallelism: parallelism)
    }

    /// Whether a stored hash uses a cost below this hasher's.
    public func needsRehash(_ stored: String) -> Bool {
        guard let parsed = Self.parse(stored) else { return true }
        return parsed.logN < logN || parsed.blockSize < blockSize || parsed.parallelism < parallelism
    }

    private static func derive(
        _ password: String, salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int
    ) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: 1 << logN, blockSize: blockSize,
            parallelism: parallelism, maxMemory: 256 << 20)
        return key.withUnsafeBytes { Array($0) }
    }

    private static func parse(
        _ stored: String
    ) -> (logN: Int, blockSize: Int, parallelism: Int, salt: [UInt8], hash: [UInt8])? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let logN = Int(parts[1]), (10...20).contains(logN),
            let blockSize = Int(parts[2]), (1...32).contains(blockSize), let parallelism = Int(parts[3]),
            (1...16).contains(parallelism), let salt = Data(base64Encoded: String(parts[4])),
            let hash = Data(base64Encoded: String(parts[5])), hash.count == 32
        else { return nil }
        return (logN, blockSize, parallelism, Array(salt), Array(hash))
    }
}
