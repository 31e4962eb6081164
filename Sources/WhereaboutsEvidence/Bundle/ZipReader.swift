import Foundation

/// Reads a ZIP file's directory and streams its entries' bytes (stored entries only, as
/// ``ZipWriter`` writes them), never holding an entry whole in memory. Any structure it cannot trust
/// (offsets past the end, compressed or encrypted entries, unsafe or repeated names) is refused with
/// the entry named.
public final class ZipReader {
    /// One entry of the central directory.
    public struct Entry: Sendable, Hashable {
        public let name: String
        public let size: UInt64
        let crc: UInt32
        let headerOffset: UInt64
    }

    public let entries: [Entry]
    private let handle: FileHandle
    private let fileSize: UInt64

    /// Reads the directory of the ZIP at `url`.
    public init(url: URL) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ZipWriter.Failure(description: "cannot read \(url.path)")
        }
        self.handle = handle
        fileSize = try handle.seekToEnd()
        let tailLength = min(fileSize, 65_557)
        let tail = try Self.read(handle, at: fileSize - tailLength, count: Int(tailLength))
        guard let endIndex = Self.lastIndex(of: 0x0605_4b50, in: tail) else {
            throw ZipWriter.Failure(description: "not a ZIP file (no end of central directory)")
        }
        var count = UInt64(Self.u16(tail, endIndex + 10))
        var directorySize = UInt64(Self.u32(tail, endIndex + 12))
        var directoryStart = UInt64(Self.u32(tail, endIndex + 16))
        if endIndex >= 20, Self.u32(tail, endIndex - 20) == 0x0706_4b50 {
            let zip64Offset = Self.u64(tail, endIndex - 12)
            let record = try Self.read(handle, at: zip64Offset, count: 56, within: fileSize)
            guard Self.u32(record, 0) == 0x0606_4b50 else {
                throw ZipWriter.Failure(description: "the ZIP64 end record is not where its locator says")
            }
            count = Self.u64(record, 32)
            directorySize = Self.u64(record, 40)
            directoryStart = Self.u64(record, 48)
        }
        guard directorySize <= 256 << 20, count <= directorySize / 46 + 1 else {
            throw ZipWriter.Failure(description: "the ZIP's central directory is implausibly large")
        }
        let directory = try Self.read(handle, at: directoryStart, count: Int(directorySize), within: fileSize)
        var entries: [Entry] = []
        var names: Set<String> = []
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, Self.u32(directory, position) == 0x0201_4b50 else {
                throw ZipWriter.Failure(description: "the ZIP's central directory is damaged")
            }
            let flags = Self.u16(directory, position + 8)
            let method = Self.u16(directory, position + 10)
            let crc = Self.u32(directory, position + 16)
            var fields = Fields(
                size: UInt64(Self.u32(directory, position + 24)),
                compressed: UInt64(Self.u32(directory, position + 20)),
                offset: UInt64(Self.u32(directory, position + 42)))
            let nameLength = Int(Self.u16(directory, position + 28))
            let extraLength = Int(Self.u16(directory, position + 30))
            let commentLength = Int(Self.u16(directory, position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else {
                throw ZipWriter.Failure(description: "the ZIP's directory is cut short")
            }
            let name = String(decoding: directory[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            var extra = Array(directory[(position + 46 + nameLength)..<(position + 46 + nameLength + extraLength)])
            while extra.count >= 4 {
                let tag = Self.u16(extra, 0)
                let length = Int(Self.u16(extra, 2))
                guard extra.count >= 4 + length else { break }
                if tag == 0x0001 {
                    // The ZIP64 values follow in this order, each only when its classic field is full.
                    var field = 4
                    for path in [\Fields.size, \Fields.compressed, \Fields.offset]
                    where fields[keyPath: path] == 0xFFFF_FFFF && field + 8 <= 4 + length {
                        fields[keyPath: path] = Self.u64(extra, field)
                        field += 8
                    }
                }
                extra.removeFirst(4 + length)
            }
            // A folder's entry (`name/`) is empty; any other name must be a safe relative path.
            let folder = name.hasSuffix("/") && fields.size == 0
            guard ZipNames.isSafe(folder ? String(name.dropLast()) : name) else {
                throw ZipWriter.Failure(description: "\(name): unsafe entry name")
            }
            guard names.insert(name).inserted else { throw ZipWriter.Failure(description: "\(name): entry repeated") }
            let (size, headerOffset) = (fields.size, fields.offset)
            guard method == 0, flags & 0x0001 == 0, fields.compressed == size else {
                throw ZipWriter.Failure(description: "\(name): compressed or encrypted (a bundle stores its files)")
            }
            guard headerOffset < fileSize, size <= fileSize else {
                throw ZipWriter.Failure(description: "\(name): lies outside the file")
            }
            entries.append(Entry(name: name, size: size, crc: crc, headerOffset: headerOffset))
            position = next
        }
        // Entries one after another, none inside another or the directory: a forged ZIP cannot make
        // many names read the same bytes (and so cost many times its size to check).
        let ordered = entries.sorted { $0.headerOffset < $1.headerOffset }
        for (entry, next) in zip(ordered, ordered.dropFirst().map(\.headerOffset) + [directoryStart])
        where entry.headerOffset + 30 + UInt64(entry.name.utf8.count) + entry.size > next {
            throw ZipWriter.Failure(description: "\(entry.name): overlaps the next entry")
        }
        self.entries = entries
    }

    private struct Fields {
        var size: UInt64
        var compressed: UInt64
        var offset: UInt64
    }

    deinit { try? handle.close() }

    /// Hands `entry`'s bytes to `deliver` in pieces of at most 1 MiB, then checks its CRC-32.
    public func read(_ entry: Entry, _ deliver: ([UInt8]) throws -> Void) throws {
        try pieces(entry) { bytes, crc in
            crc.update(bytes)
            try deliver(bytes)
        }
    }

    /// Hands `entry`'s bytes to `deliver` as ``read(_:_:)`` does, hashing them into `digests` on the
    /// way, the CRC-32 computed beside SHA-256 while SHA-512 runs on the other thread (decision 0029).
    public func read(_ entry: Entry, hashing digests: inout ContentDigests, _ deliver: ([UInt8]) throws -> Void)
        throws
    {
        try pieces(entry) { bytes, crc in
            digests.update(bytes) { crc.update(bytes) }
            try deliver(bytes)
        }
    }

    private func pieces(_ entry: Entry, _ each: (_ bytes: [UInt8], _ crc: inout CRC32) throws -> Void) throws {
        let header = try Self.read(handle, at: entry.headerOffset, count: 30, within: fileSize)
        guard Self.u32(header, 0) == 0x0403_4b50 else {
            throw ZipWriter.Failure(description: "\(entry.name): no local header where the directory says")
        }
        let nameLength = UInt64(Self.u16(header, 26))
        let extraLength = UInt64(Self.u16(header, 28))
        let start = entry.headerOffset + 30 + nameLength + extraLength
        guard start + entry.size <= fileSize else {
            throw ZipWriter.Failure(description: "\(entry.name): runs past the end of the file")
        }
        try handle.seek(toOffset: start)
        var remaining = entry.size
        var crc = CRC32()
        while remaining > 0 {
            let want = Int(min(remaining, 1 << 20))
            guard let data = try handle.read(upToCount: want), data.count == want else {
                throw ZipWriter.Failure(description: "\(entry.name): cut short")
            }
            try each([UInt8](data), &crc)
            remaining -= UInt64(want)
        }
        guard crc.value == entry.crc else {
            throw ZipWriter.Failure(description: "\(entry.name): its CRC-32 differs from the ZIP directory's")
        }
    }

    /// A small entry whole (tag files); larger than `limit` is refused.
    public func data(_ entry: Entry, limit: Int = 64 << 20) throws -> [UInt8] {
        guard entry.size <= limit else {
            throw ZipWriter.Failure(description: "\(entry.name): too large to read whole")
        }
        var bytes: [UInt8] = []
        try read(entry) { bytes += $0 }
        return bytes
    }

    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int, within size: UInt64? = nil) throws
        -> [UInt8]
    {
        if let size, offset > size || UInt64(count) > size - offset {
            throw ZipWriter.Failure(description: "the ZIP points past its end")
        }
        try handle.seek(toOffset: offset)
        guard let data = try handle.read(upToCount: count), data.count == count else {
            throw ZipWriter.Failure(description: "the ZIP is cut short")
        }
        return [UInt8](data)
    }

    private static func lastIndex(of signature: UInt32, in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        for index in stride(from: bytes.count - 22, through: 0, by: -1) where u32(bytes, index) == signature {
            return index
        }
        return nil
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
    }
    static func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
    }
}
