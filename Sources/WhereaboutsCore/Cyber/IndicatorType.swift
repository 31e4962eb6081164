import Foundation

/// What an indicator of compromise is: the observable kinds helplines and CERTs exchange (STIX
/// cyber-observables, MISP attribute types) that a lure or an incident yields.
public enum IndicatorType: String, Codable, Sendable, CaseIterable {
    case domain
    case url
    case email
    case ipv4
    case ipv6
    case sha256
    case sha1
    case md5

    /// The value in the one form indicators are compared and stored in (lower-case hosts and
    /// hashes, no trailing dot), or nil when `value` is not a value of this type.
    public func normalise(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 2_048,
            !trimmed.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F })
        else { return nil }
        switch self {
        case .domain: return Self.domain(trimmed)
        case .url: return Self.url(trimmed)
        case .email:
            guard let at = trimmed.lastIndex(of: "@"), at != trimmed.startIndex,
                let host = Self.domain(String(trimmed[trimmed.index(after: at)...])),
                trimmed[..<at].utf8.count <= 64
            else { return nil }
            return String(trimmed[..<at]) + "@" + host
        case .ipv4: return Self.ipv4(trimmed)
        case .ipv6:
            let lower = trimmed.lowercased()
            guard lower.contains(":"), lower.count <= 45,
                lower.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." })
            else { return nil }
            return lower
        case .sha256: return Self.hex(trimmed, length: 64)
        case .sha1: return Self.hex(trimmed, length: 40)
        case .md5: return Self.hex(trimmed, length: 32)
        }
    }

    /// The type a bare value is most likely of (a pasted list of indicators), or nil.
    public static func guess(_ value: String) -> (type: IndicatorType, value: String)? {
        for type in [IndicatorType.url, .email, .ipv4, .ipv6, .sha256, .sha1, .md5, .domain] {
            if let normal = type.normalise(value) { return (type, normal) }
        }
        return nil
    }

    static func domain(_ text: String) -> String? {
        var host = text.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, host.utf8.count <= 253,
            labels.allSatisfy({ label in
                (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy {
                        $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-"
                    }
            }),
            let last = labels.last, !last.allSatisfy(\.isNumber)
        else { return nil }
        return host
    }

    static func ipv4(_ text: String) -> String? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let octet = Int(part), octet <= 255
            else { return nil }
            octets.append(octet)
        }
        return octets.map(String.init).joined(separator: ".")
    }

    static func url(_ text: String) -> String? {
        let lower = text.lowercased()
        guard let scheme = ["https://", "http://", "ftp://"].first(where: { lower.hasPrefix($0) }) else { return nil }
        let rest = text.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = String(authority)
        if let colon = host.lastIndex(of: ":"), !host.hasPrefix("["),
            host[host.index(after: colon)...].allSatisfy(\.isNumber)
        {
            host = String(host[..<colon])
        }
        guard domain(host) != nil || ipv4(host) != nil || host.hasPrefix("[") else { return nil }
        return scheme + rest[..<authorityEnd].lowercased() + rest[authorityEnd...]
    }

    static func hex(_ text: String, length: Int) -> String? {
        let lower = text.lowercased()
        guard lower.utf8.count == length,
            lower.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return lower
    }

    /// The host a URL or e-mail address names, for the domain indicator it also yields.
    public static func host(ofURL url: String) -> String? {
        guard let normal = IndicatorType.url.normalise(url), let start = normal.range(of: "://") else { return nil }
        let rest = normal[start.upperBound...]
        var authority = rest.prefix(while: { !"/?#".contains($0) })
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = String(authority)
        if let colon = host.lastIndex(of: ":"), !host.hasPrefix("[") { host = String(host[..<colon]) }
        return host
    }
}
