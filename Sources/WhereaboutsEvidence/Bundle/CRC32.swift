/// The CRC-32 ZIP files carry for each entry (IEEE polynomial, reflected), computed eight bytes at a
/// time ("slicing by 8"), as the bytes stream past.
public struct CRC32: Sendable {
    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: some Collection<UInt8>) {
        var crc = ~value
        let tables = Self.tables
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            crc = Self.update(crc, buffer, tables)
        }
        if done == nil { Array(bytes).withUnsafeBufferPointer { crc = Self.update(crc, $0, tables) } }
        value = ~crc
    }

    private static func update(_ start: UInt32, _ buffer: UnsafeBufferPointer<UInt8>, _ tables: [UInt32]) -> UInt32 {
        var crc = start
        var index = 0
        let count = buffer.count
        tables.withUnsafeBufferPointer { t in
            while count - index >= 8 {
                let low =
                    crc
                    ^ (UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8 | UInt32(buffer[index + 2]) << 16
                        | UInt32(buffer[index + 3]) << 24)
                crc =
                    t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(buffer[index + 4])] ^ t[2 * 256 + Int(buffer[index + 5])]
                    ^ t[256 + Int(buffer[index + 6])] ^ t[Int(buffer[index + 7])]
                index += 8
            }
            while index < count {
                crc = t[Int((crc ^ UInt32(buffer[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        return crc
    }

    /// Eight tables of 256 entries: the first is the classic byte table, each next one advances a byte further.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            tables[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(slice - 1) * 256 + byte]
                tables[slice * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()
}
