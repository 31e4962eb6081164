import Foundation

/// The languages of the interface.
public enum Language: String, CaseIterable, Sendable, Codable {
    case en, ko, ja

    /// The first supported language in an `Accept-Language` header, by quality; English otherwise.
    public static func negotiate(_ header: String?) -> Language {
        guard let header else { return .en }
        let ranked = header.split(separator: ",").enumerated().compactMap {
            index, item -> (tag: String, quality: Double, index: Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { return nil }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (tag, quality, index)
        }
        for item in ranked.sorted(by: { ($0.quality, -$0.index) > ($1.quality, -$1.index) }) where item.quality > 0 {
            let primary = item.tag.split(separator: "-").first.map(String.init) ?? item.tag
            if let language = Language(rawValue: primary) { return language }
        }
        return .en
    }

    /// The language's own name, for the switcher.
    public var nativeName: String {
        switch self {
        case .en: "English"
        case .ko: "한국어"
        case .ja: "日本語"
        }
    }
}
