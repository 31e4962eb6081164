import Foundation

/// Writes a ZIP file entry by entry, streaming: an entry's bytes go to disk as they come, its CRC-32
/// and size are computed on the way and written back into its local header once it ends (the file is
/// seekable, so no data descriptor is needed). Entries are stored, not compressed (evidence is kept
/// byte for byte, and most media files do not compress). Every entry carries ZIP64 sizes and offsets,
/// so items over 4 GiB and bundles over 4 GiB are written the same way as small ones.
public final class ZipWriter {
    private let handle: FileHandle
    private var offset: UInt64 = 0
    private var entries: [Entry] = []
    private var open: (entry: Entry, crc: CRC32, size: UInt64)?
    private let dosTime: UInt16
    private let dosDate: UInt16

    struct Entry {
        let name: String
        let headerOffset: UInt64
        var crc: UInt32 = 0
        var size: UInt64 = 0
    }

    /// Why a ZIP could not be written or read.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes to `handle` (an empty file opened for writing); entries are dated `date` (UTC).
    public init(handle: FileHandle, date: Date) {
        self.handle = handle
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        dosDate = UInt16(max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    }

    /// Starts an entry named `name` (a relative path with `/`).
    public func begin(_ name: String) throws {
        guard ZipNames.isSafe(name) else { throw Failure(description: "unsafe entry name \(name)") }
        try begin(Entry(name: name, headerOffset: offset))
    }

    /// An empty folder's entry (`name/`), so that unpacking makes the folder even with nothing in it.
    public func addFolder(_ name: String) throws {
        guard ZipNames.isSafe(name) else { throw Failure(description: "unsafe entry name \(name)") }
        try begin(Entry(name: name + "/", headerOffset: offset))
        try end()
    }

    private func begin(_ entry: Entry) throws {
        guard open == nil else { throw Failure(description: "an entry is still open") }
        var header = ZipBytes()
        header.u32(0x0403_4b50)
        header.u16(45)  // version needed: ZIP64
        header.u16(0x0800)  // names in UTF-8
        header.u16(0)  // stored
        header.u16(dosTime)
        header.u16(dosDate)
        header.u32(0)  // CRC-32, written back at the end
        header.u32(0xFFFF_FFFF)
        header.u32(0xFFFF_FFFF)
        let name = Array(entry.name.utf8)
        header.u16(UInt16(name.count))
        header.u16(20)
        header.bytes += name
        header.u16(0x0001)  // ZIP64 extra: sizes, written back at the end
        header.u16(16)
        header.u64(0)
        header.u64(0)
        try emit(header.bytes)
        open = (entry, CRC32(), 0)
    }

    /// Appends bytes to the open entry.
    /// A large piece's CRC-32 is computed on one thread while it is written on the other (decision 0029).
    public func write(_ bytes: some Collection<UInt8>) throws {
        guard let opened = open else { throw Failure(description: "no entry is open") }
        var crc = opened.crc
        // An array (what readers hand out) goes to the file as it is, without a copy.
        let array = bytes as? [UInt8] ?? Array(bytes)
        if array.count < TwoLanes.threshold {
            crc.update(array)
            try emit(array)
        } else {
            var failure: (any Error)?
            TwoLanes.run({ crc.update(array) }, { do { try self.emit(array) } catch { failure = error } })
            if let failure { throw failure }
        }
        open = (opened.entry, crc, opened.size + UInt64(array.count))
    }

    /// Ends the open entry: its CRC-32 and size go back into its local header.
    public func end() throws {
        guard let (opened, crc, size) = open else { throw Failure(description: "no entry is open") }
        var entry = opened
        entry.crc = crc.value
        entry.size = size
        var crcField = ZipBytes()
        crcField.u32(entry.crc)
        try handle.seek(toOffset: entry.headerOffset + 14)
        try handle.write(contentsOf: crcField.bytes)
        var sizes = ZipBytes()
        sizes.u64(size)
        sizes.u64(size)
        try handle.seek(toOffset: entry.headerOffset + 30 + UInt64(entry.name.utf8.count) + 4)
        try handle.write(contentsOf: sizes.bytes)
        try handle.seek(toOffset: offset)
        entries.append(entry)
        open = nil
    }

    /// A whole entry from bytes in memory (small tag files).
    public func add(_ name: String, _ bytes: [UInt8]) throws {
        try begin(name)
        try write(bytes)
        try end()
    }

    /// Writes the central directory and the end records; the file is complete after this.
    public func finish() throws {
        guard open == nil else { throw Failure(description: "an entry is still open") }
        let directoryStart = offset
        for entry in entries {
            var record = ZipBytes()
            record.u32(0x0201_4b50)
            record.u16(3 << 8 | 45)  // made by: Unix, ZIP64
            record.u16(45)
            record.u16(0x0800)
            record.u16(0)
            record.u16(dosTime)
            record.u16(dosDate)
            record.u32(entry.crc)
            record.u32(0xFFFF_FFFF)
            record.u32(0xFFFF_FFFF)
            let name = Array(entry.name.utf8)
            record.u16(UInt16(name.count))
            record.u16(28)
            record.u16(0)  // comment
            record.u16(0)  // disk
            record.u16(0)  // internal attributes
            // A regular file, rw-r--r--, or a folder, rwxr-xr-x.
            record.u32((entry.name.hasSuffix("/") ? 0o040755 : 0o100644) << 16)
            record.u32(0xFFFF_FFFF)
            record.bytes += name
            record.u16(0x0001)
            record.u16(24)
            record.u64(entry.size)
            record.u64(entry.size)
            record.u64(entry.headerOffset)
            try emit(record.bytes)
        }
        let directorySize = offset - directoryStart
        let endStart = offset
        var end = ZipBytes()
        end.u32(0x0606_4b50)  // ZIP64 end of central directory
        end.u64(44)
        end.u16(3 << 8 | 45)
        end.u16(45)
        end.u32(0)
        end.u32(0)
        end.u64(UInt64(entries.count))
        end.u64(UInt64(entries.count))
        end.u64(directorySize)
        end.u64(directoryStart)
        end.u32(0x0706_4b50)  // its locator
        end.u32(0)
        end.u64(endStart)
        end.u32(1)
        end.u32(0x0605_4b50)  // the classic end record, with the values that fit
        end.u16(0)
        end.u16(0)
        end.u16(UInt16(min(entries.count, 0xFFFF)))
        end.u16(UInt16(min(entries.count, 0xFFFF)))
        end.u32(UInt32(min(directorySize, 0xFFFF_FFFF)))
        end.u32(UInt32(min(directoryStart, 0xFFFF_FFFF)))
        end.u16(0)
        try emit(end.bytes)
    }

    private func emit(_ bytes: [UInt8]) throws {
        try handle.write(contentsOf: bytes)
        offset += UInt64(bytes.count)
    }
}

/// Little-endian fields of ZIP records.
struct ZipBytes {
    var bytes: [UInt8] = []

    mutating func u16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> shift) & 0xFF)) }
    }
    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8((value >> shift) & 0xFF)) }
    }
}

/// Which entry names a bundle may hold.
enum ZipNames {
    /// A relative path of non-empty parts, none `.` or `..`, without backslashes or control characters.
    static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"),
            !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0 != "." && $0 != ".."
        }
    }
}
