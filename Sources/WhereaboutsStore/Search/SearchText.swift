import Foundation

/// The one normalisation applied to indexed text and to query terms alike: compatibility
/// composition (full-width letters and digits become ordinary ones, Hangul stays composed),
/// lower case, and single spaces.
public enum SearchText {
    public static func normalise(_ text: String) -> String {
        if let ascii = normaliseASCII(text) { return ascii }
        return text.precomposedStringWithCompatibilityMapping.lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// ``normalise(_:)`` of text that is all ASCII, without Foundation's Unicode machinery (ASCII is
    /// its own compatibility composition): letters lowered, runs of whitespace one space, none at
    /// either end. Nil when the text is not all ASCII.
    static func normaliseASCII(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
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
        // Each gram as a number (a pair's first scalar, plus one, above its second), sorted and
        // made unique before any string is built: far cheaper than a set of strings.
        var keys: [UInt64] = []
        keys.reserveCapacity(normalised.utf8.count * 2)
        var previous: UInt64? = nil
        for scalar in normalised.unicodeScalars {
            guard isWordScalar(scalar) else {
                previous = nil
                continue
            }
            let value = UInt64(scalar.value)
            keys.append(value)
            if let previous { keys.append((previous + 1) << 21 | value) }
            previous = value
        }
        keys.sort()
        var grams: [String] = []
        var last: UInt64? = nil
        for key in keys where key != last {
            last = key
            var gram = String.UnicodeScalarView()
            if key >> 21 != 0, let first = Unicode.Scalar(UInt32((key >> 21) - 1)) { gram.append(first) }
            if let second = Unicode.Scalar(UInt32(key & 0x1F_FFFF)) { gram.append(second) }
            grams.append(String(gram))
        }
        return grams
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
