/// Latin spellings of Korean syllables read back into Hangul: each syllable of the name-use hanja
/// readings, keyed by its ``NameKey`` (so `ok`, `og`, `uk` → 옥, 억, 욱…), so that a romanised Korean
/// name can be compared position by position with a Chinese spelling of the same characters.
enum KoreanSyllables {
    static let byKey: [String: [String]] = {
        var syllables = Set<String>()
        for entry in HanReadings.table.entries.values where entry.nameUse { syllables.formUnion(entry.hangul) }
        var map: [String: Set<String>] = [:]
        for syllable in syllables {
            if let key = NameKey.of(syllable) { map[key, default: []].insert(syllable) }
        }
        return map.mapValues { $0.sorted() }
    }()

    /// Syllable forms of a name in Latin letters: each hyphen- or space-separated syllable, and a word
    /// of two or three syllables run together (`Sugil`) split wherever both sides are syllables. Both
    /// orders (family name first or last) are given. Empty when a word cannot be read this way.
    static func forms(_ words: [String]) -> [[[String]]] {
        var perWord: [[[[String]]]] = []
        for word in words {
            guard word.unicodeScalars.allSatisfy({ $0.isASCII }) else { return [] }
            var wordForms: [[[String]]] = []
            let pieces = word.split(whereSeparator: { $0 == "-" || $0 == "'" || $0 == "’" }).map(String.init)
            var positions: [[String]] = []
            var direct = true
            for piece in pieces {
                guard let key = NameKey.of(piece), let hangul = byKey[key] else {
                    direct = false
                    break
                }
                positions.append(hangul)
            }
            if direct, !positions.isEmpty { wordForms.append(positions) }
            if pieces.count == 1 { wordForms += splits(Array(pieces[0].lowercased())) }
            guard !wordForms.isEmpty else { return [] }
            perWord.append(Array(wordForms.prefix(4)))
        }
        guard perWord.count >= 2 else { return [] }
        var results: [[[String]]] = [[]]
        for options in perWord {
            results = results.flatMap { prefix in options.map { prefix + $0 } }.prefix(16).map { $0 }
        }
        // The family name written last ("Seokgil Kim") moved to the front.
        var reordered: [[[String]]] = [[]]
        for options in [perWord.last!] + perWord.dropLast() {
            reordered = reordered.flatMap { prefix in options.map { prefix + $0 } }.prefix(16).map { $0 }
        }
        return (results + reordered).filter { $0.count <= 6 }
    }

    /// A word of two syllables run together, split wherever both halves are syllables.
    private static func splits(_ letters: [Character]) -> [[[String]]] {
        guard letters.count >= 3, letters.count <= 14 else { return [] }
        var result: [[[String]]] = []
        for cut in 1..<letters.count {
            guard let first = NameKey.of(String(letters[..<cut])), let left = byKey[first],
                let second = NameKey.of(String(letters[cut...])), let right = byKey[second]
            else { continue }
            result.append([left, right])
        }
        return result
    }
}
