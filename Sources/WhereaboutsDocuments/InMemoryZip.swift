import CZlib
import Foundation

/// The entries of a small ZIP file held in memory (an XLSX workbook), stored or deflated, read
/// through its central directory. Sizes are bounded so that a forged file (a "zip bomb", offsets
/// past its end) is refused rather than followed.
struct InMemoryZip {
    struct Failure: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    /// No entry inflates to more than this, nor all of them together to more than four times it.
    static let entryLimit = 256 << 20

    private struct Entry {
        let method: UInt16
        let compressedSize: Int
        let size: Int
        let headerOffset: Int
    }

    private let bytes: [UInt8]
    private let entries: [String: Entry]
    /// The names of the entries, in the directory's order.
    let names: [String]

    /// Whether `data` begins as a ZIP file does.
    static func looksLikeZip(_ data: Data) -> Bool { data.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

    init(_ data: Data) throws {
        bytes = Array(data)
        guard bytes.count >= 22 else { throw Failure(description: "not a ZIP file") }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 65_557)
        while end >= lowest, Self.u32(bytes, end) != 0x0605_4b50 { end -= 1 }
        guard end >= lowest else { throw Failure(description: "not a ZIP file (no end of its directory)") }
        let count = Int(Self.u16(bytes, end + 10))
        var position = Int(Self.u32(bytes, end + 16))
        var entries: [String: Entry] = [:]
        var names: [String] = []
        var total = 0
        for _ in 0..<count {
            guard position >= 0, position + 46 <= bytes.count, Self.u32(bytes, position) == 0x0201_4b50 else {
                throw Failure(description: "the ZIP directory is damaged")
            }
            let nameLength = Int(Self.u16(bytes, position + 28))
            let skip = Int(Self.u16(bytes, position + 30)) + Int(Self.u16(bytes, position + 32))
            guard position + 46 + nameLength + skip <= bytes.count else {
                throw Failure(description: "the ZIP directory is cut short")
            }
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(
                method: Self.u16(bytes, position + 10), compressedSize: Int(Self.u32(bytes, position + 20)),
                size: Int(Self.u32(bytes, position + 24)), headerOffset: Int(Self.u32(bytes, position + 42)))
            guard entry.size <= Self.entryLimit, entry.headerOffset < bytes.count else {
                throw Failure(description: "\(name): implausibly large or outside the file")
            }
            total += entry.size
            guard total <= 4 * Self.entryLimit else { throw Failure(description: "the ZIP inflates to too much") }
            entries[name] = entry
            names.append(name)
            position += 46 + nameLength + skip
        }
        self.entries = entries
        self.names = names
    }

    /// The bytes of entry `name`, inflated; nil when there is no such entry.
    func entry(_ name: String) throws -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        let header = entry.headerOffset
        guard header + 30 <= bytes.count, Self.u32(bytes, header) == 0x0403_4b50 else {
            throw Failure(description: "\(name): its local header is not where the directory says")
        }
        let start = header + 30 + Int(Self.u16(bytes, header + 26)) + Int(Self.u16(bytes, header + 28))
        guard start + entry.compressedSize <= bytes.count else { throw Failure(description: "\(name): cut short") }
        let stored = Array(bytes[start..<(start + entry.compressedSize)])
        switch entry.method {
        case 0:
            guard stored.count == entry.size else { throw Failure(description: "\(name): its size is wrong") }
            return stored
        case 8:
            var output = [UInt8](repeating: 0, count: entry.size)
            let outcome = stored.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    whereabouts_inflate_raw(input.baseAddress, input.count, out.baseAddress, out.count)
                }
            }
            guard outcome == 0 else { throw Failure(description: "\(name): its compressed data is damaged") }
            return output
        default:
            throw Failure(description: "\(name): compressed in a way this reader does not know")
        }
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(u16(bytes, at)) | UInt32(u16(bytes, at + 2)) << 16
    }
}
