import Crypto
import Foundation

/// Shamir's secret sharing over GF(2^8), byte by byte: any `threshold` of the shares rebuild the
/// secret, fewer reveal nothing of it. Used to split the key-encryption key among trustees so that
/// no single person or copy is a point of failure.
///
/// A share is written `whereabouts-share-<x>-<threshold>-<hex of y bytes>-<check>`, where the check is
/// the first 4 hex digits of SHA-256 over the rest, to catch a mistyped share before combining.
public enum SecretSharing {
    public struct Share: Sendable, Equatable {
        /// The share's x coordinate, 1…255.
        public let x: UInt8
        public let threshold: Int
        public let y: [UInt8]

        public init(x: UInt8, threshold: Int, y: [UInt8]) {
            self.x = x
            self.threshold = threshold
            self.y = y
        }

        public var text: String {
            let body = "whereabouts-share-\(x)-\(threshold)-" + y.map { String(format: "%02x", $0) }.joined()
            return body + "-" + Self.check(body)
        }

        public init(text: String) throws {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 6, parts[0] == "whereabouts", parts[1] == "share", let x = UInt8(parts[2]), x > 0,
                let threshold = Int(parts[3]), (2...255).contains(threshold), parts[4].count % 2 == 0,
                let y = Self.bytes(hex: parts[4])
            else { throw KeyError.malformed("not a Whereabouts key share") }
            let body = parts[0...4].joined(separator: "-")
            guard Self.check(body) == parts[5] else {
                throw KeyError.malformed("share \(x) fails its check: it was mistyped or altered")
            }
            self.init(x: x, threshold: threshold, y: y)
        }

        private static func check(_ body: String) -> String {
            SHA256.hash(data: Array(body.utf8)).prefix(2).map { String(format: "%02x", $0) }.joined()
        }

        private static func bytes(hex: Substring) -> [UInt8]? {
            var result: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
                result.append(byte)
                index = next
            }
            return result
        }
    }

    /// Splits `secret` into `shares` shares, any `threshold` of which rebuild it. `random` supplies
    /// the polynomials' coefficients (the system's secure source unless a test fixes them).
    public static func split(
        _ secret: [UInt8], shares: Int, threshold: Int, random: (Int) -> [UInt8] = SecretToken.randomBytes
    ) throws -> [Share] {
        guard (2...255).contains(threshold), (threshold...255).contains(shares) else {
            throw KeyError.malformed("need 2 ≤ threshold ≤ shares ≤ 255")
        }
        guard !secret.isEmpty else { throw KeyError.malformed("nothing to split") }
        // One polynomial per byte: constant term the secret byte, threshold - 1 random coefficients.
        let coefficients = secret.map { byte in [byte] + random(threshold - 1) }
        return (1...shares).map { index in
            let x = UInt8(index)
            let y = coefficients.map { polynomial in
                // Horner's rule from the highest coefficient.
                polynomial.reversed().reduce(UInt8(0)) { GF256.add(GF256.multiply($0, x), $1) }
            }
            return Share(x: x, threshold: threshold, y: y)
        }
    }

    /// Rebuilds the secret from at least `threshold` distinct shares (Lagrange interpolation at 0).
    public static func combine(_ shares: [Share]) throws -> [UInt8] {
        guard let first = shares.first else { throw KeyError.malformed("no shares given") }
        var distinct: [UInt8: Share] = [:]
        for share in shares {
            guard share.threshold == first.threshold, share.y.count == first.y.count else {
                throw KeyError.malformed("the shares come from different splits")
            }
            if let earlier = distinct[share.x], earlier.y != share.y {
                throw KeyError.malformed("two different shares numbered \(share.x)")
            }
            distinct[share.x] = share
        }
        guard distinct.count >= first.threshold else {
            throw KeyError.malformed("\(distinct.count) share(s) given; \(first.threshold) are needed")
        }
        let used = distinct.values.sorted { $0.x < $1.x }.prefix(first.threshold)
        return (0..<first.y.count).map { position in
            used.reduce(UInt8(0)) { sum, share in
                var basis: UInt8 = 1
                for other in used where other.x != share.x {
                    // L_i(0) = Π x_j / (x_j - x_i); subtraction is XOR.
                    basis = GF256.multiply(basis, GF256.divide(other.x, GF256.add(other.x, share.x)))
                }
                return GF256.add(sum, GF256.multiply(share.y[position], basis))
            }
        }
    }
}
