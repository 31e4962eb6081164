/// Hangul syllables taken apart into their jamo (Unicode §3.12: a precomposed syllable is
/// 0xAC00 + (initial × 21 + medial) × 28 + final).
public enum Hangul {
    /// The positions of a syllable's initial consonant (0–18), vowel (0–20) and final (0 for none, 1–27).
    public struct Syllable: Hashable, Sendable {
        public let initial: Int
        public let medial: Int
        public let final: Int
    }

    static let base: UInt32 = 0xAC00
    static let count: UInt32 = 11_172

    public static func isSyllable(_ scalar: Unicode.Scalar) -> Bool {
        (base..<base + count).contains(scalar.value)
    }

    /// The syllable's jamo, or `nil` for anything that is not a precomposed Hangul syllable.
    public static func decompose(_ scalar: Unicode.Scalar) -> Syllable? {
        guard isSyllable(scalar) else { return nil }
        let index = Int(scalar.value - base)
        return Syllable(initial: index / 588, medial: (index % 588) / 28, final: index % 28)
    }

    /// Whether the text has at least one Hangul syllable and nothing but Hangul syllables, spaces and hyphens.
    public static func isHangul(_ text: String) -> Bool {
        var any = false
        for scalar in text.unicodeScalars {
            if isSyllable(scalar) {
                any = true
            } else if scalar != " " && scalar != "-" {
                return false
            }
        }
        return any
    }
}
