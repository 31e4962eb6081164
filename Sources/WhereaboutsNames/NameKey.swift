import Foundation

/// A key for a name part that stays the same across the usual ways of writing a Korean name in
/// Hangul or Latin letters: Revised Romanisation, McCune–Reischauer, the DPRK's system and the
/// spellings people choose (박 / Park / Pak / Bak; 이 / Lee / Yi / Rhee / Ri; 정희 / Jung-hee /
/// Jeong-hui / Chŏng-hŭi / Jong Hui) — and a Japanese name in kana, Hepburn or Kunrei with its long
/// vowels written any way (イトウ / Itō / Itou / Itoh / Ito). Used for blocking and, hashed under a key,
/// in the blind index. Kanji are not read yet.
///
/// Hangul is romanised (Revised Romanisation) and kana (Hepburn) first; well-known surname spellings are mapped to their
/// Hangul; then the letters are folded: breves and apostrophes dropped, eo/o/ŏ and eu/u/ŭ and o/u
/// merged, ee/ui/i merged, ae/ai/e merged, g/k, d/t, b/p, j/ch merged, l/r merged, an initial r or n
/// dropped before i or y (리/이, 녀/여) and made n before other vowels (로/노), h after a consonant
/// dropped, doubled letters made single. It is deliberately coarse: different names can share a key;
/// a key is a candidate, never a decision.
public enum NameKey {
    /// The key of one name part (a family name, a given name with or without its hyphen or space),
    /// or `nil` when it has no letters.
    public static func of(_ part: String) -> String? {
        let latin =
            Hangul.isHangul(part)
            ? KoreanRomanisation.revised.romanise(part)
            : KanaRomanisation.isKana(part) ? KanaRomanisation.hepburn.romanise(part) : part
        var letters = fold(latin)
        if let hangul = Surnames.variants[letters] {
            letters = fold(KoreanRomanisation.revised.romanise(hangul))
        }
        guard !letters.isEmpty else { return nil }
        return simplify(letters)
    }

    /// The keys a name gives: each part, the given name run together, and the whole name in both
    /// orders. `family` and `given` are used when known; otherwise a Hangul name of two or more
    /// syllables written as one word is read as a one-syllable family name and the rest, and a Latin
    /// name's words are taken as parts.
    public static func keys(full: String, family: String?, given: String?) -> Set<String> {
        var parts: [String] = []
        if let family, !family.isEmpty { parts.append(family) }
        if let given, !given.isEmpty { parts.append(given) }
        if parts.isEmpty {
            let words = full.split(whereSeparator: { $0 == " " }).map(String.init)
            if words.count == 1, Hangul.isHangul(full), full.unicodeScalars.count >= 2 {
                parts = [String(full.prefix(1)), String(full.dropFirst())]
            } else {
                parts = words
            }
        }
        var keys = Set(parts.compactMap(of))
        if parts.count >= 2 {
            // Given names written in two words ("Jong Hui") or joined ("Jonghui") meet.
            let given = parts.dropFirst().joined()
            if let key = of(given) { keys.insert(key) }
            if let forward = of(parts.joined()) { keys.insert(forward) }
            if let reversed = of(parts.dropFirst().joined() + parts[0]) { keys.insert(reversed) }
            // Each part's key run together also covers a surname spelt in a way only the table knows.
            keys.insert(parts.compactMap(of).joined())
        }
        if let whole = of(full.replacingOccurrences(of: " ", with: "")) { keys.insert(whole) }
        return keys
    }

    /// Lower-case ASCII letters only: diacritics (ŏ, ŭ, ō) folded, everything else dropped.
    static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        return String(folded.unicodeScalars.filter { ("a"..."z").contains($0) }.map(Character.init))
    }

    private static let replacements: [(String, String)] = [
        ("tch", "c"), ("ch", "c"), ("jj", "c"), ("j", "c"), ("z", "c"), ("sh", "s"), ("ts", "t"), ("ti", "ci"),
        ("f", "h"), ("kh", "k"), ("th", "t"),
        ("ph", "p"), ("eo", "o"), ("eu", "u"), ("oo", "u"), ("ou", "o"), ("ee", "i"), ("ui", "i"), ("ae", "e"),
        ("ai", "e"), ("g", "k"), ("d", "t"), ("b", "p"), ("l", "r"), ("u", "o"), ("yi", "i"),
    ]

    static func simplify(_ letters: String) -> String {
        var text = letters
        for (from, to) in replacements { text = text.replacingOccurrences(of: from, with: to) }
        var scalars = Array(text.unicodeScalars)
        // h after a consonant (aspiration marks, "Rhee"), or closing a vowel ("Oh", "Ahn", "Sohn"),
        // carries nothing the other spellings keep; h before a vowel (희, 한) stays.
        scalars = scalars.enumerated().filter { index, scalar in
            guard scalar == "h", index > 0 else { return true }
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            return isVowel(scalars[index - 1]) && next.map(isVowel) == true
        }.map(\.element)
        // An initial r or n: dropped before i or y (리/이, 녀/여), n before other vowels (로/노).
        if let first = scalars.first, first == "r" || first == "n", scalars.count > 1 {
            if scalars[1] == "i" || scalars[1] == "y" {
                scalars.removeFirst()
            } else if first == "r" {
                scalars[0] = "n"
            }
        }
        var result = String.UnicodeScalarView()
        for scalar in scalars where result.last != scalar { result.append(scalar) }
        return String(result)
    }

    private static func isVowel(_ scalar: Unicode.Scalar) -> Bool { "aeiouwy".unicodeScalars.contains(scalar) }
}
