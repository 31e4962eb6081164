import Foundation

/// The one normalisation applied to indexed text and to query terms alike: compatibility
/// composition (full-width letters and digits become ordinary ones, Hangul stays composed),
/// lower case, and single spaces.
public enum SearchText {
    public static func normalise(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The query's terms: whitespace-separated, quotes removed, at most 16, each at most 100 characters.
    public static func terms(_ query: String) -> [String] {
        normalise(query).split(separator: " ")
            .map { $0.replacingOccurrences(of: "\"", with: "") }
            .filter { !$0.isEmpty }
            .prefix(16)
            .map { String($0.prefix(100)) }
    }
}
