import Crypto
import Foundation

/// SHA-256 and SHA-512 of a file and its size, computed as its bytes stream past. A large piece is
/// hashed with both at once on two threads (SHA-512 on one; SHA-256 and whatever else the caller has
/// for the same piece, such as sealing it or its CRC-32, on the other), so the two hashes cost about
/// the time of the slower one (decision 0029).
public struct ContentDigests: Sendable {
    private var sha256 = SHA256()
    private var sha512 = SHA512()
    public private(set) var size = 0

    public init() {}

    public mutating func update(_ bytes: some DataProtocol) {
        update(bytes, alongside: {})
    }

    /// Hashes `bytes` and runs `alongside` beside SHA-256 while SHA-512 runs on the other thread.
    public mutating func update(_ bytes: some DataProtocol, alongside: () -> Void) {
        if bytes.count < TwoLanes.threshold {
            sha256.update(data: bytes)
            sha512.update(data: bytes)
            alongside()
        } else {
            var sha256 = self.sha256
            var sha512 = self.sha512
            TwoLanes.run(
                { sha512.update(data: bytes) },
                {
                    sha256.update(data: bytes)
                    alongside()
                })
            self.sha256 = sha256
            self.sha512 = sha512
        }
        size += bytes.count
    }

    /// The hex digests of everything seen so far.
    public func finish() -> (sha256: String, sha512: String, size: Int) {
        (sha256.finalize().hex, sha512.finalize().hex, size)
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal.
    public var hex: String {
        var text = ""
        for byte in self {
            text += String(byte >> 4, radix: 16) + String(byte & 0x0f, radix: 16)
        }
        return text
    }
}
