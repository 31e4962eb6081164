import NIOCore
import PropertyBased
import Testing

@testable import WhereaboutsServer

@Suite("multipart form reader")
struct MultipartFormReaderTests {
    typealias Event = MultipartFormReader.Event

    /// What a body came out as.
    struct Read: Equatable {
        var fields: [String] = []
        var file: MultipartFormReader.FilePart?
        var bytes: [UInt8] = []
        var fileEnded = false
    }

    /// Reads `body` in pieces of the sizes given (cycled; the whole body at once when empty).
    static func read(
        _ body: [UInt8], boundary: String, pieces: [Int] = [], overheadLimit: Int = 1 << 20
    ) throws -> Read {
        var reader = try MultipartFormReader(
            contentType: "multipart/form-data; boundary=" + boundary, overheadLimit: overheadLimit)
        var result = Read()
        var offset = 0
        var turn = 0
        while offset < body.count {
            let size = pieces.isEmpty ? body.count : max(1, pieces[turn % pieces.count])
            turn += 1
            let end = min(body.count, offset + size)
            for event in try reader.read(ByteBuffer(bytes: body[offset..<end])) {
                switch event {
                case .field(let name, let value): result.fields.append(name + "=" + value)
                case .fileStart(let part):
                    #expect(result.file == nil)
                    result.file = part
                case .fileBytes(let bytes):
                    #expect(!result.fileEnded)
                    result.bytes += bytes
                case .fileEnd: result.fileEnded = true
                }
            }
            offset = end
        }
        try reader.finish()
        return result
    }

    static func body(boundary: String, fields: [(String, String)], content: [UInt8], filename: String = "a.bin")
        -> [UInt8]
    {
        WebBrowser.multipart(fields, file: (filename, "application/octet-stream", content), boundary: boundary)
    }

    /// Bytes that look like the delimiter, or part of it, or a line ending next to it.
    static let lookalikes: [[UInt8]] = [
        Array("\r\n".utf8), Array("\r".utf8), Array("\n".utf8), Array("\r\n--".utf8), Array("--".utf8),
        Array("\r\n-".utf8), Array("\r\r\n".utf8), Array("\r\n\r\n".utf8), [0], [0xFF],
    ]

    static let boundaryCharacters = Array("abcXYZ019'()+_,-./:=?")

    @Test("any content, cut into pieces anywhere, comes out byte for byte with its fields")
    func roundTrip() async {
        await propertyCheck(
            count: 400,
            input: Gen.uint8().array(of: 0...300), Gen.int(in: 0...11).array(of: 0...12),
            Gen.int(in: 1...70).array(of: 0...6), Gen.element(of: Self.boundaryCharacters).array(of: 1...40),
            Gen.int(in: 0...60)
        ) { random, lookalikeChoices, pieces, boundaryCharacters, prefixCut in
            let boundary = String(boundaryCharacters.compactMap { $0 })
            // Content made of random bytes and of lookalikes: the real delimiter, cut short, and line ends.
            var content = random
            for (position, choice) in lookalikeChoices.enumerated() {
                let piece: [UInt8] =
                    choice < Self.lookalikes.count
                    ? Self.lookalikes[choice]
                    : Array("\r\n--\(boundary)".utf8.prefix(max(1, prefixCut % (boundary.utf8.count + 4))))
                let at = content.isEmpty ? 0 : (position * 37) % (content.count + 1)
                content.insert(contentsOf: piece, at: at)
            }
            // A whole delimiter may not appear in content: that is the sender's promise.
            let delimiter = Array("\r\n--\(boundary)".utf8)
            if Self.contains(content, delimiter) { return }
            let fields = [("csrf", "token-\u{D55C}"), ("note", "line one\r\nline two --\(boundary)")]
            let body = Self.body(boundary: boundary, fields: fields, content: content)
            let whole = try? Self.read(body, boundary: boundary)
            let cut = try? Self.read(body, boundary: boundary, pieces: pieces)
            #expect(whole?.bytes == content, "boundary \(boundary)")
            #expect(whole?.fileEnded == true)
            #expect(whole?.fields == fields.map { $0.0 + "=" + $0.1 })
            #expect(cut == whole, "pieces \(pieces)")
        }
    }

    @Test("a body cut short anywhere before its close delimiter is refused, never taken as whole")
    func truncated() async {
        let boundary = "----WebKitFormBoundaryQ3x"
        let content = Array("\r\n--not the end\r\n".utf8) + (0..<200).map { UInt8(truncatingIfNeeded: $0 * 31) }
        let body = Self.body(boundary: boundary, fields: [("csrf", "x")], content: content)
        #expect((try? Self.read(body, boundary: boundary))?.bytes == content)
        await propertyCheck(count: 300, input: Gen.int(in: 0...(body.count - 3)), Gen.int(in: 1...50)) { end, piece in
            #expect(throws: MultipartFormReader.Refusal.self) {
                try Self.read(Array(body[..<end]), boundary: boundary, pieces: [piece])
            }
        }
        // Only the final line break may be missing.
        #expect((try? Self.read(Array(body.dropLast(2)), boundary: boundary))?.bytes == content)
    }

    @Test("random bytes, and a valid body with any byte changed, are refused cleanly or read; nothing else happens")
    func malformed() async {
        let boundary = "xyz"
        let body = Self.body(boundary: boundary, fields: [("csrf", "abc")], content: Array("content".utf8))
        await propertyCheck(count: 500, input: Gen.uint8().array(of: 0...200), Gen.int(in: 1...20)) { bytes, piece in
            do {
                _ = try Self.read(bytes, boundary: boundary, pieces: [piece])
            } catch {
                #expect(error is MultipartFormReader.Refusal)
            }
        }
        await propertyCheck(count: 500, input: Gen.int(in: 0...(body.count - 1)), Gen.uint8()) { index, byte in
            var changed = body
            changed[index] = byte
            do {
                let read = try Self.read(changed, boundary: boundary)
                // Read whole: then it is a well-formed body, with exactly one file ended.
                #expect(read.fileEnded || read.file == nil)
            } catch {
                #expect(error is MultipartFormReader.Refusal)
            }
        }
    }

    @Test("CRLF at the edges of the content and in fields is kept exactly")
    func lineEnds() throws {
        let boundary = "b"
        for content in [
            [], Array("\r".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r\n\r\n".utf8), Array("\r\n-".utf8),
            Array("\r\n--a".utf8), Array("\r\n-b".utf8), Array("--b".utf8), Array("x\r".utf8),
        ] as [[UInt8]] {
            for piece in [1, 2, 3, 1000] {
                let read = try Self.read(
                    Self.body(boundary: boundary, fields: [("note", "\r\n")], content: content), boundary: boundary,
                    pieces: [piece])
                #expect(read.bytes == content, "\(content) in pieces of \(piece)")
                #expect(read.fields == ["note=\r\n"])
            }
        }
        // The delimiter itself in the content ends the file there, and what follows it is not a part.
        #expect(throws: MultipartFormReader.Refusal.malformed) {
            try Self.read(
                Self.body(boundary: boundary, fields: [], content: Array("\r\n--bb".utf8)), boundary: boundary)
        }
    }

    @Test("a second file, a field after the file, a part without a name and too much besides the file are refused")
    func refusals() throws {
        let boundary = "B0undary"
        let file = Self.body(boundary: boundary, fields: [], content: Array("one".utf8))
        let secondFile = Array(file.dropLast("--B0undary--\r\n".utf8.count)) + Array(file.dropFirst(0))
        #expect(throws: MultipartFormReader.Refusal.unexpectedPart) { try Self.read(secondFile, boundary: boundary) }
        let fieldAfter =
            Array(file.dropLast("--B0undary--\r\n".utf8.count))
            + Array("--B0undary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nlate\r\n--B0undary--\r\n".utf8)
        #expect(throws: MultipartFormReader.Refusal.unexpectedPart) { try Self.read(fieldAfter, boundary: boundary) }
        // A byte above 0x7F in a header name (it crashed multipart-kit 4.7.1's parser, decision 0026).
        let highByte =
            Array("--B0undary\r\nContent-Disposition: form-data; name=\"a\"\r\nX-".utf8) + [0xC3, 0xA9]
            + Array(": v\r\n\r\nx\r\n--B0undary--\r\n".utf8)
        #expect(throws: MultipartFormReader.Refusal.malformed) { try Self.read(highByte, boundary: boundary) }
        let nameless = Array("--B0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--B0undary--\r\n".utf8)
        #expect(throws: MultipartFormReader.Refusal.malformed) { try Self.read(nameless, boundary: boundary) }
        let longHeader = Array(
            ("--B0undary\r\nContent-Disposition: form-data; name=\"note\"\r\nX-Padding: "
                + String(repeating: "a", count: 5_000) + "\r\n\r\nx\r\n--B0undary--\r\n").utf8)
        #expect(throws: MultipartFormReader.Refusal.tooMuchBesidesFile) {
            try Self.read(longHeader, boundary: boundary, pieces: [512], overheadLimit: 4_096)
        }
        // The file's own bytes do not count against the limit.
        let big = Self.body(boundary: boundary, fields: [], content: [UInt8](repeating: 7, count: 50_000))
        #expect(try Self.read(big, boundary: boundary, pieces: [1_000], overheadLimit: 4_096).bytes.count == 50_000)
    }

    @Test("the boundary is read from the content type, quoted or not, and a bad one is refused")
    func contentTypes() {
        #expect(MultipartFormReader.boundary("multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartFormReader.boundary("Multipart/Form-Data;boundary=\"a b:c\"") == "a b:c")
        #expect(MultipartFormReader.boundary("multipart/form-data") == nil)
        #expect(MultipartFormReader.boundary("multipart/form-data; boundary=") == nil)
        #expect(MultipartFormReader.boundary("multipart/form-data; boundary=a\r\nb") == nil)
        #expect(MultipartFormReader.boundary("multipart/mixed; boundary=abc") == nil)
        #expect(
            MultipartFormReader.boundary("multipart/form-data; boundary=" + String(repeating: "a", count: 71)) == nil)
        #expect(throws: MultipartFormReader.Refusal.notMultipart) {
            try MultipartFormReader(contentType: "application/x-www-form-urlencoded")
        }
    }

    @Test("the file's name is kept as the browser stated it, without any folder, and browsers' escapes undone")
    func filenames() throws {
        for (sent, kept) in [
            ("사진 1.jpg", "사진 1.jpg"), ("C:\\\\Users\\\\kim\\\\scan.pdf", "scan.pdf"), ("a%22b.txt", "a\"b.txt"),
            ("../../etc/passwd", "passwd"),
        ] {
            let read = try Self.read(
                Self.body(boundary: "q", fields: [], content: [1], filename: sent), boundary: "q")
            #expect(read.file?.filename == kept, "\(sent)")
        }
    }

    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard bytes.count >= pattern.count else { return false }
        return (0...(bytes.count - pattern.count)).contains { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }
}
