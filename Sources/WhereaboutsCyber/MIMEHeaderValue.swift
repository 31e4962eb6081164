import Foundation

/// A structured MIME header value (`Content-Type`, `Content-Disposition`): its main token and its
/// parameters (RFC 2045 §5.1, quoted strings; RFC 2231 `name*=charset''value` for file names).
struct MIMEHeaderValue: Sendable, Equatable {
    let token: String
    let parameters: [String: String]

    init(_ text: String) {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted, character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";", !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
            if parts.count > 100 { break }
        }
        parts.append(current)
        token = (parts.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if name.hasSuffix("*") {
                parameters[String(name.dropLast())] = Self.extended(value)
            } else if parameters[name] == nil {
                parameters[name] = value
            }
        }
        self.parameters = parameters
    }

    /// `utf-8''%E8%A6%8B.pdf` read as text.
    private static func extended(_ value: String) -> String {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return value }
        var bytes: [UInt8] = []
        var iterator = Array(pieces[2].utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let decoded = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(decoded)
            } else {
                bytes.append(byte)
            }
        }
        return Charsets.decode(bytes, charset: String(pieces[0]))
    }
}
