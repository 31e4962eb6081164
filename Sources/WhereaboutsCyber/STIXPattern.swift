import WhereaboutsCore

/// STIX 2.1 patterning for the indicator types Whereabouts keeps: writing one comparison per
/// indicator, and reading the simple comparisons published bundles (MVT's among them) use.
public enum STIXPattern {
    /// `[domain-name:value = 'evil.example']`.
    public static func pattern(_ type: IndicatorType, _ value: String) -> String {
        "[\(path(type)) = '\(escape(value))']"
    }

    static func path(_ type: IndicatorType) -> String {
        switch type {
        case .domain: return "domain-name:value"
        case .url: return "url:value"
        case .email: return "email-addr:value"
        case .ipv4: return "ipv4-addr:value"
        case .ipv6: return "ipv6-addr:value"
        case .sha256: return "file:hashes.'SHA-256'"
        case .sha1: return "file:hashes.'SHA-1'"
        case .md5: return "file:hashes.MD5"
        }
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    /// The `path = 'literal'` comparisons of a pattern whose path names an indicator type
    /// Whereabouts keeps, each value normalised; others (process names, app ids) are skipped.
    /// Linear in the pattern; patterns longer than 100,000 characters are not read.
    public static func comparisons(in pattern: String) -> [(IndicatorType, String)] {
        guard pattern.utf8.count <= 100_000 else { return [] }
        var found: [(IndicatorType, String)] = []
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            guard characters[index] == "=", index > 0 else {
                index += 1
                continue
            }
            // The path: back from the "=" over spaces, then over path characters.
            var end = index - 1
            while end >= 0, characters[end] == " " { end -= 1 }
            var start = end
            while start >= 0, !" [(".contains(characters[start]) { start -= 1 }
            let path = String(characters[(start + 1)...max(start + 1, end)]).lowercased()
            // The literal: after spaces, a quoted string with backslash escapes.
            var cursor = index + 1
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            guard cursor < characters.count, characters[cursor] == "'" else {
                index += 1
                continue
            }
            cursor += 1
            var literal = ""
            while cursor < characters.count, characters[cursor] != "'" {
                if characters[cursor] == "\\", cursor + 1 < characters.count { cursor += 1 }
                literal.append(characters[cursor])
                cursor += 1
            }
            index = cursor + 1
            if let type = type(ofPath: path) {
                var value = literal
                if type == .ipv4, value.hasSuffix("/32") { value.removeLast(3) }
                if let normal = type.normalise(value) { found.append((type, normal)) }
            }
        }
        return found
    }

    static func type(ofPath path: String) -> IndicatorType? {
        let compact = path.replacingOccurrences(of: "\"", with: "'")
        switch compact {
        case "domain-name:value": return .domain
        case "url:value": return .url
        case "email-addr:value", "email-message:from_ref.value", "email-message:sender_ref.value": return .email
        case "ipv4-addr:value", "network-traffic:dst_ref.value": return .ipv4
        case "ipv6-addr:value": return .ipv6
        case "file:hashes.'sha-256'", "file:hashes.sha256", "file:hashes.sha-256": return .sha256
        case "file:hashes.'sha-1'", "file:hashes.sha1", "file:hashes.sha-1": return .sha1
        case "file:hashes.md5", "file:hashes.'md5'": return .md5
        default: return nil
        }
    }
}
