import Foundation

/// Record ids for many records made at once (an import, the demonstration set): one random 64-bit
/// prefix for the whole run followed by a counter, written as a version-8 UUID.
///
/// Ids from one run sort together and in order, so a bulk load appends to the database's indexes
/// instead of splitting pages all over them, while runs still cannot collide in practice.
public struct RecordIDSequence: Sendable {
    private let prefix: UInt64
    private var counter: UInt64 = 0

    public init() {
        // Version 8 ("custom") in the high nibble of byte 6.
        prefix = (UInt64.random(in: .min ... .max) & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_8000
    }

    public mutating func next() -> RecordID {
        counter += 1
        // The RFC 9562 variant (binary 10) in the top bits of byte 8.
        let low = (counter & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let p = prefix.bigEndianBytes
        let l = low.bigEndianBytes
        return RecordID(
            UUID(uuid: (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]))
        )
    }
}

extension UInt64 {
    fileprivate var bigEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * $0)) } }
}
