/// Romanisation of Korean names written in Hangul, syllable by syllable as names are romanised
/// (no sound changes across syllables other than the voicing of plain stops in McCune–Reischauer and
/// the DPRK's system).
public enum KoreanRomanisation: String, Sendable, CaseIterable {
    /// South Korea's Revised Romanisation (2000): 박정희 → Bakjeonghui.
    case revised
    /// McCune–Reischauer (1939), with breves and apostrophes: 박정희 → Pakchŏnghŭi.
    case mccuneReischauer
    /// The DPRK's own system (2002): no breves, ㄹ kept as r at the start (리 → Ri): 박정희 → Pakjonghui.
    case dprk

    // Initials: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
    private static let revisedInitials = [
        "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
    ]
    private static let mrInitials = [
        "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'", "p'", "h",
    ]
    private static let dprkInitials = [
        "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h",
    ]
    // Medials: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
    private static let revisedMedials = [
        "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
        "eu", "ui", "i",
    ]
    private static let mrMedials = [
        "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ",
        "ŭi", "i",
    ]
    private static let dprkMedials = [
        "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u",
        "ui", "i",
    ]
    // Finals as they sound at the end of a syllable (0 = none).
    private static let finals = [
        "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng",
        "t", "t", "k", "t", "p", "t",
    ]

    /// The romanisation of `text`: Hangul syllables romanised, anything else kept as it is; each run
    /// of syllables is one word (as Korean names are written), its first letter upper-case.
    public func romanise(_ text: String) -> String {
        var output = ""
        var current = ""
        var previousFinal: Int? = nil
        func finish() {
            if !current.isEmpty { output += current.prefix(1).uppercased() + current.dropFirst() }
            current = ""
            previousFinal = nil
        }
        for scalar in text.unicodeScalars {
            guard let syllable = Hangul.decompose(scalar) else {
                finish()
                output.unicodeScalars.append(scalar)
                continue
            }
            current += initial(syllable.initial, after: previousFinal)
            current += medials[syllable.medial]
            current += Self.finals[syllable.final]
            previousFinal = syllable.final
        }
        finish()
        return output
    }

    private var medials: [String] {
        switch self {
        case .revised: return Self.revisedMedials
        case .mccuneReischauer: return Self.mrMedials
        case .dprk: return Self.dprkMedials
        }
    }

    /// An initial consonant; in McCune–Reischauer and the DPRK's system the plain stops k, t, p, ch are
    /// voiced (g, d, b, j) after a vowel or a voiced final (n, m, ng, l), and ㄹ after a vowel is r.
    private func initial(_ index: Int, after previousFinal: Int?) -> String {
        switch self {
        case .revised:
            return Self.revisedInitials[index]
        case .mccuneReischauer, .dprk:
            let table = self == .dprk ? Self.dprkInitials : Self.mrInitials
            guard let previousFinal else { return table[index] }
            let voiced = [0, 4, 5, 6, 8, 16, 21].contains(previousFinal) || (9...15).contains(previousFinal)
            guard voiced else { return table[index] }
            switch index {
            case 0: return "g"
            case 3: return "d"
            case 7: return "b"
            case 12: return "j"
            default: return table[index]
            }
        }
    }
}
