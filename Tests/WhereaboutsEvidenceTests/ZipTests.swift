import Foundation
import Testing
import WhereaboutsEvidence

@Suite("ZIP files of court bundles")
struct ZipTests {
    @Test("CRC-32 is the standard one, whatever the pieces")
    func crc() {
        var whole = CRC32()
        whole.update(Array("123456789".utf8))
        #expect(whole.value == 0xCBF4_3926)
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var once = CRC32()
        once.update(bytes)
        var pieces = CRC32()
        for start in stride(from: 0, to: bytes.count, by: 777) {
            pieces.update(bytes[start..<min(start + 777, bytes.count)])
        }
        #expect(once.value == pieces.value)
    }

    @Test("what ZipWriter writes (ZIP64 fields throughout), ZipReader and Python's zipfile read back identical")
    func roundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a.zip")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let zip = ZipWriter(handle: handle, date: Date(timeIntervalSince1970: 1_780_000_000))
        let big = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try zip.begin("bag/data/big.bin")
        for start in stride(from: 0, to: big.count, by: 1 << 20) {
            try zip.write(big[start..<min(start + (1 << 20), big.count)])
        }
        try zip.end()
        try zip.add("bag/empty.txt", [])
        try zip.add("bag/한글.txt", Array("안녕".utf8))
        #expect(throws: ZipWriter.Failure.self) { try zip.add("bag/../escape", [1]) }
        try zip.finish()
        try handle.close()

        let reader = try ZipReader(url: url)
        #expect(reader.entries.map(\.name) == ["bag/data/big.bin", "bag/empty.txt", "bag/한글.txt"])
        #expect(try reader.data(reader.entries[0]) == big)
        #expect(try reader.data(reader.entries[2]) == Array("안녕".utf8))
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = [
            "python3", "-c",
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(sorted((i.filename, i.file_size) for i in z.infolist()))",
            url.path,
        ]
        let pipe = Pipe()
        check.standardOutput = pipe
        try check.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        #expect(printed.contains("('bag/data/big.bin', 3000000)"), "\(printed)")

        // A byte flipped inside an entry: its CRC-32 no longer matches, and the reader says which entry.
        let damaged = try FileHandle(forUpdating: url)
        try damaged.seek(toOffset: 1_000_000)
        let byte = try damaged.read(upToCount: 1) ?? Data([0])
        try damaged.seek(toOffset: 1_000_000)
        try damaged.write(contentsOf: Data([byte[0] ^ 0xFF]))
        try damaged.close()
        let again = try ZipReader(url: url)
        #expect(throws: ZipWriter.Failure.self) { try again.data(again.entries[0]) }
    }
}

extension ZipTests {
    @Test("a forged directory whose entries share bytes is refused, naming the entry")
    func overlappingEntries() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID()).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let zip = ZipWriter(handle: handle, date: Date())
        try zip.add("bag/one.txt", Array(repeating: 0x41, count: 1000))
        try zip.add("bag/two.txt", Array(repeating: 0x42, count: 1000))
        try zip.finish()
        try handle.close()
        #expect(try ZipReader(url: url).entries.count == 2)

        // The second central entry's ZIP64 offset (the last 8 bytes of its extra field) set to the first's.
        var bytes = [UInt8](try Data(contentsOf: url))
        let central = (0..<(bytes.count - 4)).filter { bytes[$0..<($0 + 4)] == [0x50, 0x4B, 0x01, 0x02] }
        let second = try #require(central.last)
        let nameLength = Int(bytes[second + 28]) | Int(bytes[second + 29]) << 8
        let offset = second + 46 + nameLength + 4 + 16
        for index in offset..<(offset + 8) { bytes[index] = 0 }
        try Data(bytes).write(to: url)
        #expect {
            try ZipReader(url: url)
        } throws: { error in
            "\(error)".contains("bag/one.txt: overlaps the next entry") || "\(error)".contains("bag/two.txt: overlaps")
        }
    }
}
