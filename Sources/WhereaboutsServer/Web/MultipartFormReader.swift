import Foundation
import NIOCore

/// A `multipart/form-data` body (RFC 7578) read as it arrives, piece by piece, with at most one file
/// part: fields come out whole, the file's bytes come out as they are read, so a file of any size
/// passes through in pieces no larger than the request's own (decision 0026).
///
/// Besides finding the delimiters, the reader holds everything but the file's bytes (preamble,
/// headers, fields) to ``overheadLimit`` bytes, refuses a second file or a field after the file,
/// and takes a body as whole only once its close delimiter arrived, so a cut-off upload is never
/// taken for a shorter file. Whatever the input, it either reads it or throws a ``Refusal``.
struct MultipartFormReader {
    /// What the body holds, in order.
    enum Event: Sendable, Equatable {
        /// A field other than a file, whole.
        case field(name: String, value: String)
        /// A file part begins.
        case fileStart(FilePart)
        /// The next bytes of the file.
        case fileBytes([UInt8])
        /// The file part ended (its bytes were all handed out).
        case fileEnd
    }

    /// The headers of the file part: the form field's name, the file name and type as the browser stated them.
    struct FilePart: Sendable, Equatable {
        let field: String
        let filename: String
        let contentType: String?
    }

    /// Why a body was not read; each is the sender's fault, never the server's.
    enum Refusal: Error, Sendable, Equatable {
        /// The request is not `multipart/form-data` with a usable boundary.
        case notMultipart
        /// The delimiters or a part's headers are not well formed.
        case malformed
        /// Headers and fields together exceed ``overheadLimit``.
        case tooMuchBesidesFile
        /// The body ended before its close delimiter.
        case incomplete
        /// A second file, or a field after the file: the form sends its fields first and one file last.
        case unexpectedPart
    }

    /// 256 KiB: a form's fields are a few hundred bytes; this leaves room and bounds memory.
    static let defaultOverheadLimit = 256 << 10
    /// The longest header line taken.
    static let headerLineLimit = 8 << 10

    /// Bytes besides the file's that a body may hold (preamble, headers, fields, delimiters, epilogue).
    let overheadLimit: Int
    /// `CRLF--boundary`: what ends a part. Its only CR is its first byte, so after a mismatch the
    /// search restarts at the byte that did not match.
    private let delimiter: [UInt8]

    private enum State {
        /// Before the first delimiter (the body is read as if it began with CRLF, so `--boundary` at the start counts).
        case preamble
        /// After a delimiter: `--` closes the body, optional white space and CRLF start a part.
        case afterDelimiter([UInt8])
        case headers
        case body
        /// After the close delimiter: ignored.
        case epilogue
    }

    private enum Part {
        case field(name: String, value: [UInt8])
        case file
    }

    private var state = State.preamble
    /// How much of the delimiter the last bytes matched (CRLF already, at the very start).
    private var matched = 2
    private var line: [UInt8] = []
    private var headers: [(name: String, value: String)] = []
    private var part: Part?
    private var sawFile = false
    private var closed = false
    private var failed = false
    private var bytesRead = 0
    private var fileBytes = 0
    private var events: [Event] = []
    private var pending: [UInt8] = []

    /// A reader for a request of `contentType`; ``Refusal/notMultipart`` when it is not form data
    /// with a valid boundary.
    init(contentType: String?, overheadLimit: Int = defaultOverheadLimit) throws {
        guard let contentType, let boundary = Self.boundary(contentType) else { throw Refusal.notMultipart }
        self.overheadLimit = overheadLimit
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    /// Reads the next bytes of the body and returns what they completed.
    mutating func read(_ buffer: ByteBuffer) throws -> [Event] {
        guard !failed else { throw Refusal.malformed }
        do {
            bytesRead += buffer.readableBytes
            try buffer.withUnsafeReadableBytes { raw in try scan(raw.bindMemory(to: UInt8.self)) }
            if bytesRead - fileBytes > overheadLimit { throw Refusal.tooMuchBesidesFile }
            flush()
            defer { events.removeAll() }
            return events
        } catch {
            failed = true
            throw error
        }
    }

    /// Checks that the body ended where a whole one ends: after its close delimiter.
    mutating func finish() throws {
        guard !failed, closed else {
            failed = true
            throw Refusal.incomplete
        }
    }

    // MARK: - Scanning

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var index = 0
        while index < bytes.count {
            switch state {
            case .preamble, .body:
                if matched > 0 {
                    // Continue a match begun at a CR (perhaps in the piece before).
                    while matched < delimiter.count, index < bytes.count, bytes[index] == delimiter[matched] {
                        matched += 1
                        index += 1
                    }
                    if matched == delimiter.count {
                        matched = 0
                        try endPart()
                        state = .afterDelimiter([])
                    } else if index < bytes.count {
                        // Not a delimiter after all: what matched was content; look at this byte afresh.
                        let count = matched
                        delimiter.withUnsafeBufferPointer { data(UnsafeBufferPointer(rebasing: $0[..<count])) }
                        matched = 0
                    }
                    continue
                }
                let end = Self.firstCR(in: bytes, from: index)
                data(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
                if end < bytes.count {
                    matched = 1
                    index += 1
                }
            case .afterDelimiter(var seen):
                let byte = bytes[index]
                index += 1
                seen.append(byte)
                if seen == [0x2D, 0x2D] {
                    closed = true
                    state = .epilogue
                } else if byte == 0x0A {
                    // Transport padding (spaces, tabs) may precede the line break.
                    guard seen.count >= 2, seen[seen.count - 2] == 0x0D,
                        seen.dropLast(2).allSatisfy({ $0 == 0x20 || $0 == 0x09 })
                    else { throw Refusal.malformed }
                    state = .headers
                } else if seen == [0x2D] || ((byte == 0x20 || byte == 0x09 || byte == 0x0D) && seen.count <= 64) {
                    state = .afterDelimiter(seen)
                } else {
                    throw Refusal.malformed
                }
            case .headers:
                let end = bytes[index...].firstIndex(of: 0x0A)
                line += bytes[index..<(end ?? bytes.count)]
                guard line.count <= Self.headerLineLimit else { throw Refusal.tooMuchBesidesFile }
                guard let end else { return }
                index = end + 1
                guard line.last == 0x0D else { throw Refusal.malformed }
                line.removeLast()
                if line.isEmpty {
                    try beginPart()
                    state = .body
                } else {
                    try header(line)
                }
                line.removeAll()
            case .epilogue:
                return
            }
        }
    }

    /// Where the next CR is (`memchr`: content is scanned at memory speed), or the end.
    private static func firstCR(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        guard let base = bytes.baseAddress, index < bytes.count,
            let found = memchr(base + index, 0x0D, bytes.count - index)
        else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Bytes of the current part's body (in the preamble: nothing to keep).
    private mutating func data(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty, case .body = state else { return }
        switch part {
        case .file:
            fileBytes += bytes.count
            pending.append(contentsOf: bytes)
        case .field(let name, var value):
            part = nil
            value.append(contentsOf: bytes)
            part = .field(name: name, value: value)
        case nil: break
        }
    }

    /// A header line `Name: value` of the part being read (no folded lines: RFC 7578 has none).
    private mutating func header(_ line: [UInt8]) throws {
        guard let colon = line.firstIndex(of: 0x3A), colon > 0,
            line[..<colon].allSatisfy({ (0x21...0x7E).contains($0) && !Self.separators.contains($0) })
        else { throw Refusal.malformed }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        headers.append((name, value))
    }

    private static let separators = Set(Array("()<>@,;:\\\"/[]?={}".utf8))

    /// Starts the part whose headers were just read.
    private mutating func beginPart() throws {
        defer { headers.removeAll() }
        guard let disposition = headers.first(where: { $0.name == "content-disposition" })?.value else {
            throw Refusal.malformed
        }
        let parameters = HeaderParameters(disposition)
        guard parameters.value.lowercased() == "form-data", let name = parameters["name"] else {
            throw Refusal.malformed
        }
        if sawFile { throw Refusal.unexpectedPart }
        if let filename = parameters["filename"] {
            sawFile = true
            part = .file
            flush()
            events.append(
                .fileStart(
                    FilePart(
                        field: name, filename: Self.baseName(filename),
                        contentType: headers.first { $0.name == "content-type" }?.value)))
        } else {
            part = .field(name: name, value: [])
        }
    }

    /// Ends the part being read, if any (the first delimiter ends the preamble, not a part).
    private mutating func endPart() throws {
        guard case .body = state else { return }
        switch part {
        case .file:
            flush()
            events.append(.fileEnd)
        case .field(let name, let value):
            events.append(.field(name: name, value: String(decoding: value, as: UTF8.self)))
        case nil: break
        }
        part = nil
    }

    /// The file's bytes read so far, as one event.
    private mutating func flush() {
        guard !pending.isEmpty else { return }
        events.append(.fileBytes(pending))
        pending.removeAll(keepingCapacity: true)
    }

    // MARK: - Names

    /// The boundary of a `multipart/form-data` content type: 1–70 characters of those RFC 2046 allows.
    static func boundary(_ contentType: String) -> String? {
        let parameters = HeaderParameters(contentType)
        guard parameters.value.lowercased() == "multipart/form-data", let boundary = parameters["boundary"],
            (1...70).contains(boundary.utf8.count), boundary.last != " ",
            boundary.utf8.allSatisfy({ allowedInBoundary.contains($0) })
        else { return nil }
        return boundary
    }

    private static let allowedInBoundary = Set(
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=? ".utf8))

    /// The name without any folder a browser or tool put before it, with browsers' escapes undone
    /// (they send `"`, CR and LF in a file name as `%22`, `%0D`, `%0A`).
    static func baseName(_ filename: String) -> String {
        let name = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return name.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%0A", with: "\n")
    }
}

/// A header value with parameters, `value; key=token; key="quoted \"string\""`.
struct HeaderParameters {
    let value: String
    private let parameters: [String: String]

    init(_ header: String) {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        value = parts[0].trimmingCharacters(in: .whitespaces)
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let key = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            // The first of a parameter sent twice counts, as for every other field.
            if parameters[key] == nil {
                parameters[key] = String(part[part.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            }
        }
        self.parameters = parameters
    }

    subscript(_ key: String) -> String? { parameters[key] }
}
