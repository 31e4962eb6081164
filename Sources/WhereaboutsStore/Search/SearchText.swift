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

    /// Every character and every pair of neighbouring characters (Unicode scalars, after
    /// normalisation) within runs of letters and digits:
    /// the tokens that let one- and two-character terms (납치, 拉致, 김) be found through an index,
    /// which trigrams cannot do.
    public static func grams(_ normalised: String) -> [String] {
        var grams = Set<String>()
        var previous: Unicode.Scalar? = nil
        for scalar in normalised.unicodeScalars {
            guard isWordScalar(scalar) else {
                previous = nil
                continue
            }
            grams.insert(String(scalar))
            if let previous {
                var pair = String.UnicodeScalarView()
                pair.append(previous)
                pair.append(scalar)
                grams.insert(String(pair))
            }
            previous = scalar
        }
        return Array(grams)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Whether a query term can be looked up among ``grams(_:)``.
    public static func isGram(_ term: String) -> Bool {
        (1...2).contains(term.unicodeScalars.count) && term.unicodeScalars.allSatisfy(isWordScalar)
    }
}
