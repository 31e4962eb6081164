import Foundation
import MultipartKit
import NIOCore

/// A `multipart/form-data` body read as it arrives, piece by piece, with at most one file part:
/// fields come out whole, the file's bytes come out as they are parsed, so a file of any size
/// passes through in pieces no larger than the request's own (decision 0026).
///
/// The delimiters are found by multipart-kit's incremental parser; this reader adds what a server
/// taking evidence in needs around it: everything but the file's bytes (headers, fields, preamble)
/// is held to ``overheadLimit`` bytes, a second file or a field after the file is refused, and the
/// body must end with its close delimiter, so a cut-off upload is never taken for a whole file.
final class MultipartFormReader {
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

    /// Bytes besides the file's that a body may hold (headers, fields, preamble, delimiters).
    let overheadLimit: Int
    /// 256 KiB: a form's fields are a few hundred bytes; this leaves room and bounds memory.
    static let defaultOverheadLimit = 256 << 10
    private let parser: MultipartParser
    private let collector: Collector
    private let closeDelimiter: [UInt8]
    /// The last bytes seen, to tell a body that ended with its close delimiter.
    private var tail: [UInt8] = []
    private var bytesRead = 0
    private var failed = false

    /// A reader for a request of `contentType`; ``Refusal/notMultipart`` when it is not form data
    /// with a valid boundary.
    init(contentType: String?, overheadLimit: Int = defaultOverheadLimit) throws {
        guard let contentType, let boundary = Self.boundary(contentType) else { throw Refusal.notMultipart }
        self.overheadLimit = overheadLimit
        parser = MultipartParser(boundary: boundary)
        collector = Collector()
        closeDelimiter = Array("--\(boundary)--".utf8)
        let collector = self.collector
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { buffer in collector.body(&buffer) }
        parser.onPartComplete = { collector.partComplete() }
    }

    /// Reads the next bytes of the body and returns what they completed.
    func read(_ buffer: ByteBuffer) throws -> [Event] {
        guard !failed else { throw Refusal.malformed }
        do {
            bytesRead += buffer.readableBytes
            tail = Array((tail + buffer.readableBytesView.suffix(closeDelimiter.count + 4)).suffix(closeDelimiter.count + 4))
            do {
                try parser.execute(buffer)
            } catch {
                throw collector.refusal ?? .malformed
            }
            if let refusal = collector.refusal { throw refusal }
            if bytesRead - collector.fileBytes > overheadLimit { throw Refusal.tooMuchBesidesFile }
            return collector.take()
        } catch {
            failed = true
            throw error
        }
    }

    /// Checks that the body ended where a whole one ends: after its close delimiter, outside any part.
    func finish() throws {
        guard !failed else { throw Refusal.malformed }
        var end = tail[...]
        while let last = end.last, last == 0x0D || last == 0x0A { end = end.dropLast() }
        guard !collector.inPart, collector.parts > 0, end.suffix(closeDelimiter.count).elementsEqual(closeDelimiter)
        else {
            failed = true
            throw Refusal.incomplete
        }
    }

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

    /// Turns the parser's callbacks into events, part by part.
    private final class Collector {
        private var headers: [(String, String)] = []
        private var current: Part?
        private var events: [Event] = []
        private var pending: [UInt8] = []
        private var sawFile = false
        private(set) var fileBytes = 0
        private(set) var parts = 0
        private(set) var refusal: Refusal?

        private enum Part {
            case field(name: String, value: [UInt8])
            case file
        }

        var inPart: Bool { current != nil || !headers.isEmpty }

        func header(_ name: String, _ value: String) { headers.append((name.lowercased(), value)) }

        func body(_ buffer: inout ByteBuffer) {
            begin()
            switch current {
            case .file:
                fileBytes += buffer.readableBytes
                pending.append(contentsOf: buffer.readableBytesView)
            case .field(let name, var value):
                current = nil
                value.append(contentsOf: buffer.readableBytesView)
                current = .field(name: name, value: value)
            case nil: break
            }
        }

        func partComplete() {
            begin()
            switch current {
            case .file:
                flush()
                events.append(.fileEnd)
            case .field(let name, let value):
                events.append(.field(name: name, value: String(decoding: value, as: UTF8.self)))
            case nil: break
            }
            current = nil
            parts += 1
        }

        /// The events so far, the file's bytes gathered into one.
        func take() -> [Event] {
            flush()
            defer { events.removeAll() }
            return events
        }

        private func flush() {
            guard !pending.isEmpty else { return }
            events.append(.fileBytes(pending))
            pending.removeAll(keepingCapacity: true)
        }

        /// Starts the part whose headers were just read, on its first body bytes or its end.
        private func begin() {
            guard current == nil, refusal == nil else { return }
            defer { headers.removeAll() }
            guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1 else {
                refusal = .malformed
                return
            }
            let parameters = HeaderParameters(disposition)
            guard parameters.value.lowercased() == "form-data", let name = parameters["name"] else {
                refusal = .malformed
                return
            }
            if sawFile {
                refusal = .unexpectedPart
                return
            }
            if let filename = parameters["filename"] {
                sawFile = true
                current = .file
                events.append(
                    .fileStart(
                        FilePart(
                            field: name, filename: Self.baseName(filename),
                            contentType: headers.first { $0.0 == "content-type" }?.1)))
            } else {
                current = .field(name: name, value: [])
            }
        }

        /// The name without any folder a browser or tool put before it, as browsers escape it undone.
        static func baseName(_ filename: String) -> String {
            let name = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            return name.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
                .replacingOccurrences(of: "%0A", with: "\n")
        }
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
