import Foundation

/// One header field of a message or a MIME part, unfolded (RFC 5322 §2.2.3) and with its encoded
/// words decoded (RFC 2047); control characters are replaced, so a value never carries a line
/// break into anything that shows it (header injection).
public struct MailHeader: Sendable, Equatable {
    public let name: String
    public let value: String
}

/// Reading a header block: the lines up to the first empty one.
enum MailHeaderBlock {
    /// The headers of `bytes` and where the body starts. Keeps at most `limits.headers` fields of at
    /// most `limits.headerBytes` bytes each; what it drops it names in `problems`.
    static func read(_ bytes: ArraySlice<UInt8>, limits: MailLimits, problems: inout [String]) -> (
        headers: [MailHeader], body: ArraySlice<UInt8>
    ) {
        var headers: [MailHeader] = []
        var index = bytes.startIndex
        var current: [UInt8] = []
        var truncatedOne = false
        var droppedSome = false
        func flush() {
            defer { current.removeAll(keepingCapacity: true) }
            guard !current.isEmpty else { return }
            guard headers.count < limits.headers else {
                droppedSome = true
                return
            }
            guard let colon = current.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return }
            let name = String(decoding: current[..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return }
            let raw = current[(colon + 1)...]
            headers.append(MailHeader(name: name, value: EncodedWords.decode(raw)))
        }
        while index < bytes.endIndex {
            let lineEnd = bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex
            var line = bytes[index..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            if line.isEmpty {
                flush()
                index = next
                return (finish(headers, truncatedOne, droppedSome, &problems), bytes[index...])
            }
            if line.first == 0x20 || line.first == 0x09 {
                if !current.isEmpty {
                    if current.count + line.count <= limits.headerBytes {
                        current.append(contentsOf: line)
                    } else {
                        truncatedOne = true
                    }
                }
            } else {
                flush()
                if line.count <= limits.headerBytes {
                    current.append(contentsOf: line)
                } else {
                    current.append(contentsOf: line.prefix(limits.headerBytes))
                    truncatedOne = true
                }
            }
            index = next
        }
        flush()
        return (finish(headers, truncatedOne, droppedSome, &problems), bytes[bytes.endIndex...])
    }

    private static func finish(_ headers: [MailHeader], _ truncated: Bool, _ dropped: Bool, _ problems: inout [String])
        -> [MailHeader]
    {
        if truncated { problems.append("a header longer than the limit was cut") }
        if dropped { problems.append("headers beyond the limit were not read") }
        return headers
    }
}

extension Array where Element == MailHeader {
    /// The first value of a header (names compare without case).
    func first(_ name: String) -> String? {
        first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of a header, in the message's order.
    func all(_ name: String) -> [String] {
        filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}

/// RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?ISO-2022-JP?Q?…?=`) in header values.
enum EncodedWords {
    /// A raw header value decoded: whitespace between adjacent encoded words dropped, the words
    /// decoded in their charset, other bytes read as UTF-8 (Latin-1 when they are not), control
    /// characters replaced by spaces.
    static func decode(_ raw: ArraySlice<UInt8>) -> String {
        let text = String(validating: raw, as: UTF8.self) ?? String(raw.map { Character(Unicode.Scalar($0)) })
        var output = ""
        var rest = Substring(text)
        var lastWasEncoded = false
        var pendingSpace = ""
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            guard let word = encodedWord(rest[start.lowerBound...]) else {
                output += pendingSpace + before + "=?"
                pendingSpace = ""
                rest = rest[start.upperBound...]
                lastWasEncoded = false
                continue
            }
            if lastWasEncoded, before.allSatisfy({ $0 == " " || $0 == "\t" }) {
                // Whitespace between two encoded words is not part of the text.
            } else {
                output += pendingSpace + before
            }
            pendingSpace = ""
            output += word.text
            rest = rest[word.end...]
            lastWasEncoded = true
        }
        output += pendingSpace + rest
        return clean(output)
    }

    /// Control characters (line breaks, NUL, escape, bidirectional overrides) become spaces; runs of
    /// spaces from unfolding stay as written but the ends are trimmed.
    static func clean(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { scalar -> Unicode.Scalar in
            let value = scalar.value
            if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
            {
                return " "
            }
            return scalar
        }
        var result = String(String.UnicodeScalarView(scalars))
        result = result.trimmingCharacters(in: .whitespaces)
        return result
    }

    private static func encodedWord(_ text: Substring) -> (text: String, end: Substring.Index)? {
        // =?charset?encoding?encoded-text?=, at most 75 characters by the RFC; we allow longer words
        // (real senders write them) up to a bound, so a stray "=?" cannot make the scan quadratic.
        let body = text.dropFirst(2).prefix(4_096)
        guard let q1 = body.firstIndex(of: "?") else { return nil }
        let charset = body[..<q1]
        let afterCharset = body[body.index(after: q1)...]
        guard let q2 = afterCharset.firstIndex(of: "?") else { return nil }
        let encoding = afterCharset[..<q2].uppercased()
        let payloadStart = afterCharset.index(after: q2)
        guard let close = afterCharset[payloadStart...].range(of: "?=") else { return nil }
        let payload = afterCharset[payloadStart..<close.lowerBound]
        guard !charset.isEmpty, !payload.contains(" ") else { return nil }
        let bytes: [UInt8]
        switch encoding {
        case "B": bytes = TransferEncoding.base64(Array(payload.utf8)[...])
        case "Q": bytes = TransferEncoding.quotedPrintable(Array(payload.utf8)[...], underscoreIsSpace: true)
        default: return nil
        }
        // RFC 2231 language suffix: charset*lang.
        let name = charset.split(separator: "*").first.map(String.init) ?? String(charset)
        return (Charsets.decode(bytes, charset: name), close.upperBound)
    }
}

/// Turning bytes in a named charset into text, for the charsets lures to Korean and Japanese
/// readers are written in; anything else is read as UTF-8 with replacement characters.
enum Charsets {
    static func decode(_ bytes: [UInt8], charset: String) -> String {
        let name = charset.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
        let encoding: String.Encoding?
        switch name {
        case "utf-8", "utf8", "us-ascii", "ascii": encoding = .utf8
        case "iso-8859-1", "latin1", "iso_8859-1", "windows-1252", "cp1252": encoding = .isoLatin1
        case "shift_jis", "shift-jis", "sjis", "cp932", "windows-31j": encoding = .shiftJIS
        case "euc-jp": encoding = .japaneseEUC
        case "iso-2022-jp": encoding = .iso2022JP
        // EUC-KR (and its Microsoft superset) by its CoreFoundation number, which Foundation maps.
        case "euc-kr", "ks_c_5601-1987", "cp949", "uhc": encoding = String.Encoding(rawValue: 0x8000_0940)
        case "utf-16": encoding = .utf16
        case "utf-16le": encoding = .utf16LittleEndian
        case "utf-16be": encoding = .utf16BigEndian
        default: encoding = nil
        }
        if let encoding, encoding != .utf8, let text = String(data: Data(bytes), encoding: encoding) { return text }
        return String(decoding: bytes, as: UTF8.self)
    }
}
