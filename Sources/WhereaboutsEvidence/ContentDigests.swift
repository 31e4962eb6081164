import Crypto
import Foundation

/// SHA-256 and SHA-512 of a file and its size, computed as its bytes stream past.
public struct ContentDigests: Sendable {
    private var sha256 = SHA256()
    private var sha512 = SHA512()
    public private(set) var size = 0

    public init() {}

    public mutating func update(_ bytes: some DataProtocol) {
        sha256.update(data: bytes)
        sha512.update(data: bytes)
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
