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
        let partKeys = parts.compactMap(of)
        var keys = Set(partKeys)
        var whole = String(full.filter { $0 != " " })
        if parts.count >= 2 {
            // Given names written in two words ("Jong Hui") or joined ("Jonghui") meet.
            if parts.count > 2, let key = of(parts.dropFirst().joined()) { keys.insert(key) }
            let forward = parts.joined()
            if let key = of(forward) { keys.insert(key) }
            if let reversed = of(parts.dropFirst().joined() + parts[0]) { keys.insert(reversed) }
            // Each part's key run together also covers a surname spelt in a way only the table knows.
            keys.insert(partKeys.joined())
            if whole == forward { whole = "" }
        }
        if let key = of(whole) { keys.insert(key) }
        return keys
    }

    /// Lower-case ASCII letters only: diacritics (ŏ, ŭ, ō) folded, everything else dropped. ASCII
    /// text (the usual case) never goes through Foundation.
    static func fold(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var ascii = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
            case 0x80...: ascii = false
            default: break
            }
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        return String(folded.unicodeScalars.filter { ("a"..."z").contains($0) }.map(Character.init))
    }

    private static let replacements: [([UInt8], [UInt8])] = [
        ("tch", "c"), ("ch", "c"), ("jj", "c"), ("j", "c"), ("z", "c"), ("sh", "s"), ("ts", "t"), ("ti", "ci"),
        ("f", "h"), ("kh", "k"), ("th", "t"), ("ph", "p"), ("eo", "o"), ("eu", "u"), ("oo", "u"), ("ou", "o"),
        ("ee", "i"), ("ui", "i"), ("ae", "e"), ("ai", "e"), ("g", "k"), ("d", "t"), ("b", "p"), ("l", "r"),
        ("u", "o"), ("yi", "i"),
    ].map { (Array($0.utf8), Array($1.utf8)) }

    /// The folding of the type's description, on lower-case ASCII letters, each rule applied over the
    /// whole part in turn.
    static func simplify(_ letters: String) -> String {
        var bytes = Array(letters.utf8)
        for (from, to) in replacements { replace(&bytes, from, to) }
        // h after a consonant (aspiration marks, "Rhee"), or closing a vowel ("Oh", "Ahn", "Sohn"),
        // carries nothing the other spellings keep; h before a vowel (희, 한) stays.
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == UInt8(ascii: "h"), index > 0 {
                let next = index + 1 < bytes.count ? bytes[index + 1] : nil
                guard isVowel(bytes[index - 1]), let next, isVowel(next) else { continue }
            }
            kept.append(byte)
        }
        // An initial r or n: dropped before i or y (리/이, 녀/여), n before other vowels (로/노).
        if kept.count > 1, kept[0] == UInt8(ascii: "r") || kept[0] == UInt8(ascii: "n") {
            if kept[1] == UInt8(ascii: "i") || kept[1] == UInt8(ascii: "y") {
                kept.removeFirst()
            } else if kept[0] == UInt8(ascii: "r") {
                kept[0] = UInt8(ascii: "n")
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(kept.count)
        for byte in kept where result.last != byte { result.append(byte) }
        return String(decoding: result, as: UTF8.self)
    }

    /// Replaces every occurrence of `from` in `bytes` by `to`, left to right.
    private static func replace(_ bytes: inout [UInt8], _ from: [UInt8], _ to: [UInt8]) {
        guard bytes.count >= from.count, let first = from.first, bytes.contains(first) else { return }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == first, index + from.count <= bytes.count,
                bytes[index..<index + from.count].elementsEqual(from)
            {
                output += to
                index += from.count
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        bytes = output
    }

    private static func isVowel(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"),
            UInt8(ascii: "w"), UInt8(ascii: "y"):
            return true
        default: return false
        }
    }
}
