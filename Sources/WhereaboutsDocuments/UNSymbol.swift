import Foundation

/// A United Nations document symbol such as `A/HRC/13/13`, `A/HRC/WG.6/6/L.12`, `S/2024/215`,
/// `CCPR/C/PRK/CO/2` or `A/HRC/55/63/Add.1/Corr.1`, checked against the symbols' grammar: a series
/// (the organ or treaty body the document belongs to), then components separated by slashes — a
/// session or year, a subsidiary body (`HRC`, `C.3`, `WG.6`), a country code, a document number —
/// and, last, the special components that mark an addendum, corrigendum, revision or amendment.
public struct UNSymbol: Hashable, Sendable, CustomStringConvertible, Comparable, Codable {
    /// The components as written between slashes, with spacing normalised.
    public let components: [String]

    public var description: String { components.joined(separator: "/") }

    /// The series: the first component (`A`, `S`, `E`, `CCPR`…).
    public var series: String { components[0] }

    /// Whether this symbol marks an addendum, corrigendum, revision or amendment of another.
    public var isModification: Bool { components.last.map(Self.isModificationComponent) ?? false }

    /// The document this one modifies (`A/HRC/55/63` for `A/HRC/55/63/Add.1`), or nil.
    public var base: UNSymbol? {
        var parts = components
        while let last = parts.last, Self.isModificationComponent(last) { parts.removeLast() }
        guard parts.count >= 2, parts.count < components.count else { return nil }
        return UNSymbol(validated: parts)
    }

    /// The symbol read from `text`, or nil when it does not follow the grammar. Spaces around
    /// slashes and after the dot of a special component (`Add. 1`) are tolerated.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".,;")))
        var parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: " ", with: "")
        }
        guard parts.count >= 2 else { return nil }
        // A trailing year in parentheses belongs to resolutions of the Security Council: keep it off.
        if let last = parts.last, let open = last.firstIndex(of: "("), last.hasSuffix(")") {
            parts[parts.count - 1] = String(last[..<open])
        }
        guard Self.isValid(parts) else { return nil }
        self.components = parts.map(Self.canonicalCase)
    }

    private init(validated: [String]) { components = validated }

    /// Decoded from its written form, checked as any other.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let symbol = UNSymbol(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a UN symbol: \(text)"))
        }
        self = symbol
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: UNSymbol, rhs: UNSymbol) -> Bool { lhs.description < rhs.description }

    // MARK: Grammar

    /// Series symbols of the principal organs, the Secretariat and the treaty bodies whose documents
    /// carry their own symbols.
    static let series: Set<String> = [
        "A", "S", "E", "ST", "T", "ICJ", "CCPR", "CERD", "CAT", "CRC", "CEDAW", "CRPD", "CED", "CMW", "HRI",
        "DP", "UNEP", "TD", "ICEF", "ECE", "ESCAP", "UNW", "UNHCR", "SPT",
    ]

    /// `Add.`, `Corr.`, `Rev.`, `Amend.` with their number.
    static func isModificationComponent(_ part: String) -> Bool {
        part.range(of: #"^(?i:add|corr|rev|amend)\.[0-9]{1,3}$"#, options: .regularExpression) != nil
    }

    static func isValid(_ parts: [String]) -> Bool {
        guard let first = parts.first, series.contains(first.uppercased()), first == first.uppercased() else {
            return false
        }
        var seenModification = false
        var seenContent = false
        for part in parts.dropFirst() {
            if isModificationComponent(part) {
                guard seenContent || parts.count > 2 else { return false }
                seenModification = true
                continue
            }
            // Nothing but other modifications may follow an addendum or a corrigendum, which has a number.
            guard !seenModification,
                part.range(of: #"^(?i:add|corr|rev|amend)\.?$"#, options: .regularExpression) == nil
            else { return false }
            guard
                part.range(
                    of: #"^(?:[0-9]{1,5}(?:-[0-9]{1,5})?[A-Z]?|[A-Z][A-Za-z]{0,7}(?:\.[0-9]{1,4}[A-Z]?)?)$"#,
                    options: .regularExpression) != nil
            else { return false }
            seenContent = true
        }
        return seenContent
    }

    /// `add.1` and `ADD.1` are written `Add.1`, as the UN prints them; other components are kept.
    static func canonicalCase(_ part: String) -> String {
        guard isModificationComponent(part), let dot = part.firstIndex(of: ".") else { return part }
        let word = part[..<dot].lowercased()
        return word.prefix(1).uppercased() + word.dropFirst() + part[dot...]
    }

    // MARK: Finding symbols in text

    /// A pattern that finds candidate symbols in running text; each candidate is checked by `init?`.
    static let candidatePattern = try! NSRegularExpression(
        pattern:
            #"(?<![A-Za-z0-9/.])(?:A|S|E|ST|T|ICJ|CCPR|CERD|CAT|CRC|CEDAW|CRPD|CED|CMW|HRI|DP|UNEP|TD|ICEF|ECE|ESCAP|UNW|UNHCR|SPT)(?:/(?:[A-Za-z0-9.\-]+|(?:Add|Corr|Rev|Amend)\. ?[0-9]+))+(?: ?\([0-9]{4}\))?"#
    )

    /// Every valid symbol written in `text`, with where it stands.
    public static func all(in text: String) -> [(symbol: UNSymbol, range: Range<String.Index>)] {
        let ns = text as NSString
        return candidatePattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { match in
            var candidate = ns.substring(with: match.range)
            var range = match.range
            // A sentence's full stop is not part of the symbol.
            while candidate.hasSuffix(".") || candidate.hasSuffix("-") {
                candidate.removeLast()
                range.length -= 1
            }
            guard let symbol = UNSymbol(candidate), let swiftRange = Range(range, in: text) else { return nil }
            return (symbol, swiftRange)
        }
    }
}
