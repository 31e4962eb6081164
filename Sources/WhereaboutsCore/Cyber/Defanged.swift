/// Indicators written so that nothing turns them back into a live link: `hxxps://evil[.]example/x`,
/// `someone[@]evil[.]example`, `203.0.113[.]7` — the convention helplines and CERTs read and write.
/// Every page, export for people and CLI line shows indicators this way; only machine formats
/// (STIX patterns, MISP values) carry them as they are.
public enum Defanged {
    /// `value` of `type`, defanged; hashes are left as they are.
    public static func text(_ value: String, as type: IndicatorType) -> String {
        switch type {
        case .sha256, .sha1, .md5: return value
        case .ipv6: return value.replacingOccurrences(of: ":", with: "[:]")
        case .domain, .ipv4: return dots(value)
        case .email: return dots(value).replacingOccurrences(of: "@", with: "[@]")
        case .url: return url(value)
        }
    }

    /// A URL defanged: its scheme (`hxxp`, `hxxps`, `fxp`) and the dots of its host.
    public static func url(_ value: String) -> String {
        var scheme = ""
        var rest = Substring(value)
        if let range = value.range(of: "://") {
            scheme = String(value[..<range.lowerBound]).lowercased()
            rest = value[range.upperBound...]
            scheme = scheme.replacingOccurrences(of: "http", with: "hxxp").replacingOccurrences(of: "ftp", with: "fxp")
        }
        let hostEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        let host = dots(String(rest[..<hostEnd])).replacingOccurrences(of: "@", with: "[@]")
        return (scheme.isEmpty ? "" : scheme + "[://]") + host + rest[hostEnd...]
    }

    /// Free text (a subject, a header) with every URL, address and host in it defanged.
    public static func freeText(_ text: String) -> String {
        text.replacingOccurrences(of: "://", with: "[://]").replacingOccurrences(of: "http", with: "hxxp")
            .replacingOccurrences(of: "HTTP", with: "hxxp").replacingOccurrences(of: ".", with: "[.]")
            .replacingOccurrences(of: "@", with: "[@]")
    }

    static func dots(_ value: String) -> String { value.replacingOccurrences(of: ".", with: "[.]") }
}
