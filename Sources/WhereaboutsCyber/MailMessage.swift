import Foundation

/// A message read from its bytes (RFC 5322, MIME): the headers an analyst needs, the text and HTML
/// parts (kept as text only to find links in — never rendered), and the attachments' bytes (to hash
/// and keep as evidence — never opened). Reading never fails: what cannot be read is named in
/// ``problems``.
public struct MailMessage: Sendable {
    public let headers: [MailHeader]
    /// Decoded text of the `text/*` parts, for finding links only.
    public let texts: [String]
    public let attachments: [MailAttachment]
    public let problems: [String]

    public var subject: String? { headers.first("Subject") }
    public var from: String? { headers.first("From") }
    public var replyTo: String? { headers.first("Reply-To") }
    public var returnPath: String? { headers.first("Return-Path") }
    public var sender: String? { headers.first("Sender") }
    public var to: [String] { headers.all("To") + headers.all("Cc") }
    public var messageID: String? { headers.first("Message-ID") }
    public var date: String? { headers.first("Date") }
    /// Newest first, as servers prepend them.
    public var received: [String] { headers.all("Received") }

    /// Reads `bytes` within `limits`.
    public init(_ bytes: [UInt8], limits: MailLimits = .standard) {
        var problems: [String] = bytes.isEmpty ? ["the message is empty"] : []
        guard bytes.count <= limits.messageBytes else {
            headers = []
            texts = []
            attachments = []
            self.problems = ["the message is larger than \(limits.messageBytes) bytes and was not read"]
            return
        }
        var reader = PartReader(limits: limits)
        let (headers, body) = MailHeaderBlock.read(bytes[...], limits: limits, problems: &problems)
        reader.read(headers: headers, body: body, depth: 0)
        self.headers = headers
        texts = reader.texts
        attachments = reader.attachments
        self.problems = problems + reader.problems
    }
}

/// A file a message carried, as decoded from its part.
public struct MailAttachment: Sendable {
    /// A stated file name made harmless to show and to keep as a stated name: no folders, no
    /// control characters, at most 200 characters; `fallback` when nothing is left.
    public static func safeName(_ name: String, fallback: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = EncodedWords.clean(last)
        return cleaned.isEmpty ? fallback : String(cleaned.prefix(200))
    }

    /// The file name the message gave (decoded; never used as a path).
    public let name: String
    /// The type the message declared.
    public let declaredType: String
    public let bytes: [UInt8]
}

/// Walks a message's MIME tree within the limits.
struct PartReader {
    let limits: MailLimits
    var texts: [String] = []
    var attachments: [MailAttachment] = []
    var problems: [String] = []
    private var parts = 0
    private var noted: Set<String> = []

    init(limits: MailLimits) { self.limits = limits }

    mutating func read(headers: [MailHeader], body: ArraySlice<UInt8>, depth: Int) {
        parts += 1
        guard parts <= limits.parts else {
            note("parts beyond the limit of \(limits.parts) were not read")
            return
        }
        let type = MIMEHeaderValue(headers.first("Content-Type") ?? "text/plain")
        let disposition = headers.first("Content-Disposition").map(MIMEHeaderValue.init)
        if type.token.hasPrefix("multipart/") {
            guard depth < limits.depth else {
                note("multiparts nested deeper than \(limits.depth) were not read")
                return
            }
            guard let boundary = type.parameters["boundary"].map(Self.unquote), !boundary.isEmpty,
                boundary.utf8.count <= 200
            else {
                note("a multipart without a usable boundary was not read")
                return
            }
            for part in Self.split(body, boundary: Array(boundary.utf8)) {
                var partProblems: [String] = []
                let (partHeaders, partBody) = MailHeaderBlock.read(part, limits: limits, problems: &partProblems)
                partProblems.forEach { note($0) }
                read(headers: partHeaders, body: partBody, depth: depth + 1)
                if parts > limits.parts { return }
            }
            return
        }
        let decoded = Self.decode(body, encoding: headers.first("Content-Transfer-Encoding"))
        let fileName = (disposition?.parameters["filename"] ?? type.parameters["name"]).map {
            EncodedWords.decode(Array(Self.unquote($0).utf8)[...])
        }
        let isAttachment = disposition?.token == "attachment" || fileName != nil || !type.token.hasPrefix("text/")
        if isAttachment {
            attachments.append(
                MailAttachment(
                    name: fileName.map(Self.safeName) ?? "attachment-\(attachments.count + 1)",
                    declaredType: String(type.token.prefix(200)), bytes: decoded))
        } else {
            texts.append(Charsets.decode(decoded, charset: type.parameters["charset"].map(Self.unquote) ?? "utf-8"))
        }
    }

    private mutating func note(_ problem: String) {
        if noted.insert(problem).inserted { problems.append(problem) }
    }

    static func decode(_ body: ArraySlice<UInt8>, encoding: String?) -> [UInt8] {
        switch encoding?.lowercased().trimmingCharacters(in: .whitespaces) {
        case "base64": return TransferEncoding.base64(body)
        case "quoted-printable": return TransferEncoding.quotedPrintable(body)
        default: return Array(body)
        }
    }

    /// The parts between `--boundary` lines, up to the closing `--boundary--`; the preamble and
    /// epilogue are dropped. Each line is looked at once.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        let delimiter = [UInt8(ascii: "-"), UInt8(ascii: "-")] + boundary
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            let lineEnd = body[index...].firstIndex(of: 0x0A) ?? body.endIndex
            let line = body[index..<lineEnd]
            if line.starts(with: delimiter) {
                let after = line.dropFirst(delimiter.count)
                if let start = partStart {
                    // The line break before the delimiter belongs to it.
                    var end = index
                    if end > start, body[end - 1] == 0x0A { end -= 1 }
                    if end > start, body[end - 1] == 0x0D { end -= 1 }
                    parts.append(body[start..<max(start, end)])
                }
                if after.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { return parts }
                partStart = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            }
            index = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    static func unquote(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }

    static func safeName(_ name: String) -> String { MailAttachment.safeName(name, fallback: "attachment") }
}
