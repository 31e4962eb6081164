/// Japanese names in Latin letters, read the one way whatever system wrote them: Kunrei (`Syuuiti`) as
/// Hepburn (`Shuuichi`), and long vowels written out (`Shuuichi`, `Oono`, `Itou`) as the kana's
/// romanisation gives them (`Shūichi` folds to `Shuichi`). ``NameKey`` merges `ui` and `i` for Korean
/// (의), which splits `Shuuichi` from `Shuichi`; names read with this form meet either way.
enum Romaji {
    /// The Hepburn form with long vowels single, or `nil` when that is the text itself (lower-cased).
    static func shortHepburn(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.unicodeScalars.allSatisfy({ $0.isASCII }) else { return nil }
        var result = lower
        for (kunrei, hepburn) in [("sy", "sh"), ("ty", "ch"), ("zy", "j"), ("jy", "j"), ("ti", "chi"), ("tu", "tsu")] {
            result = result.replacing(kunrei, with: hepburn)
        }
        for (long, short) in [("ou", "o"), ("oo", "o"), ("uu", "u"), ("oh", "o")] {
            result = result.replacing(long, with: short)
        }
        return result == lower ? nil : result
    }
}
