/// Hiragana and katakana romanised in Hepburn (long vowels written with a macron: ō, ū) or Kunrei-shiki.
public enum KanaRomanisation: String, Sendable, CaseIterable {
    case hepburn
    case kunrei

    /// Whether the text has kana and nothing but kana, the long-vowel mark, the middle dot, spaces and hyphens.
    public static func isKana(_ text: String) -> Bool {
        var any = false
        for scalar in text.unicodeScalars {
            if isKanaScalar(scalar) {
                any = true
            } else if !" -・ー".unicodeScalars.contains(scalar) {
                return false
            }
        }
        return any
    }

    static func isKanaScalar(_ scalar: Unicode.Scalar) -> Bool {
        (0x3041...0x3096).contains(scalar.value) || (0x30A1...0x30FA).contains(scalar.value)
    }

    /// Katakana made hiragana (the two share one table).
    private static func hiragana(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x30A1...0x30F6).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x60)! : scalar
    }

    // Hepburn; Kunrei differences are in `kunrei`.
    private static let syllables: [Character: String] = [
        "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o", "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
        "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so", "た": "ta", "ち": "chi", "つ": "tsu", "て": "te",
        "と": "to", "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no", "は": "ha", "ひ": "hi", "ふ": "fu",
        "へ": "he", "ほ": "ho", "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo", "や": "ya", "ゆ": "yu",
        "よ": "yo", "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro", "わ": "wa", "ゐ": "i", "ゑ": "e",
        "を": "o", "ん": "n", "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go", "ざ": "za", "じ": "ji",
        "ず": "zu", "ぜ": "ze", "ぞ": "zo", "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do", "ば": "ba",
        "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo", "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
        "ゔ": "vu", "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o", "ゎ": "wa",
    ]
    private static let kunreiSpellings: [String: String] = [
        "shi": "si", "chi": "ti", "tsu": "tu", "fu": "hu", "ji": "zi", "sha": "sya", "shu": "syu", "sho": "syo",
        "cha": "tya", "chu": "tyu", "cho": "tyo", "ja": "zya", "ju": "zyu", "jo": "zyo",
    ]

    /// The romanisation of `text`: kana romanised (ゃゅょ joined to the syllable before, っ doubling the
    /// next consonant, ー and a repeated vowel lengthening the one before), anything else kept.
    public func romanise(_ text: String) -> String {
        var syllables: [String] = []
        var output = ""
        func flush() {
            output += join(syllables)
            syllables = []
        }
        for scalar in text.unicodeScalars {
            let kana = Self.hiragana(scalar)
            if scalar == "ー" {
                syllables.append("-")
            } else if Self.isKanaScalar(scalar) {
                let character = Character(kana)
                switch character {
                case "ゃ", "ゅ", "ょ":
                    let glide = ["ゃ": "a", "ゅ": "u", "ょ": "o"][character] ?? ""
                    if var last = syllables.popLast(), last.hasSuffix("i") {
                        last.removeLast()
                        let palatal = ["sh", "ch", "j"].contains(where: last.hasSuffix)
                        syllables.append(last + (palatal ? "" : "y") + glide)
                    } else {
                        syllables.append("y" + glide)
                    }
                case "っ":
                    syllables.append("*")
                default:
                    syllables.append(Self.syllables[character] ?? "")
                }
            } else {
                flush()
                output.unicodeScalars.append(scalar)
            }
        }
        flush()
        return output
    }

    /// Syllables written out: っ doubles the next consonant (tch for ch), ー or a doubled o/u after o
    /// or u makes a long vowel (ō, ū in Hepburn; ô, û in Kunrei), ん before a vowel or y takes an apostrophe.
    private func join(_ syllables: [String]) -> String {
        var result = ""
        var pendingDouble = false
        for (index, raw) in syllables.enumerated() {
            var syllable = self == .kunrei ? Self.kunreiSpellings[raw] ?? raw : raw
            if syllable == "*" {
                pendingDouble = true
                continue
            }
            if pendingDouble, let first = syllable.first {
                syllable = (syllable.hasPrefix("ch") ? "t" : String(first)) + syllable
                pendingDouble = false
            }
            let previous = result.last
            let long =
                self == .hepburn
                ? ["o": "ō", "u": "ū", "a": "ā", "e": "ē", "i": "ī"]
                : ["o": "ô", "u": "û", "a": "â", "e": "ê", "i": "î"]
            if syllable == "-", let previous, let mark = long[String(previous)] {
                result.removeLast()
                result += mark
                continue
            }
            if (syllable == "u" && (previous == "o" || previous == "u")) || (syllable == "o" && previous == "o"),
                let previous, let mark = long[String(previous)]
            {
                result.removeLast()
                result += mark
                continue
            }
            if raw == "n", index + 1 < syllables.count,
                let next = syllables[index + 1].first, "aeiouy".contains(next)
            {
                result += "n'"
                continue
            }
            result += syllable == "-" ? "" : syllable
        }
        return result
    }
}
