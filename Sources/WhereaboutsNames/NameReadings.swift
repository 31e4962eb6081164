import Foundation

/// The ways a written name can be read, for comparing names across scripts.
///
/// A name is split into family and given name (both orders when the order is unknown), and each
/// part is keyed with ``NameKey``: Hangul and kana directly, Han characters through their Korean and
/// Japanese readings (加藤 恵子 → ka·tou kei·ko), Latin letters as written. Family and given readings
/// are kept as two sets per split, never multiplied out, so a kanji name with hundreds of possible
/// readings stays cheap. Names that can be read as Korean syllables — Hangul, hanja through their
/// Korean readings, romanised Korean syllables, and Latin words that split into pinyin syllables (Jin
/// Fujin → 금/김/진… · 복/부… · 금/김/진…) — also give a syllable form, compared position by position,
/// because a Chinese spelling of a Korean name keeps the characters, not the sounds.
public struct NameReadings: Sendable, Hashable {
    /// One way of splitting and reading the name: the keys its family name can have, and its given name.
    public struct Split: Sendable, Hashable {
        /// Family-name keys, the most direct reading first.
        public let family: [String]
        /// Given-name keys, the most direct reading first.
        public let given: [String]
        let familySet: Set<String>
        let givenSet: Set<String>

        init(family: [String], given: [String]) {
            self.family = family
            self.given = given
            familySet = Set(family)
            givenSet = Set(given)
        }
    }

    /// Splits, the most direct first.
    public let splits: [Split]
    /// Syllable forms: for each position (family name first), the Hangul syllables it can be.
    public let syllableForms: [[[String]]]

    /// How many readings of one part (family or given name) are kept.
    public static let limit = 512

    /// Whether nothing could be read.
    public var isEmpty: Bool { splits.isEmpty && syllableForms.isEmpty }

    /// Reads `name`; empty when it has no letters. Several forms of one person's name (from
    /// different sources) can be given on separate lines: the readings of all of them are kept.
    public init(_ name: String) {
        var splits: [Split] = []
        var forms: [[[String]]] = []
        for line in name.split(separator: "\n").prefix(32) {
            Self.read(String(line), into: &splits, &forms)
        }
        self.splits = splits
        self.syllableForms = forms
    }

    private static func read(_ name: String, into splits: inout [Split], _ forms: inout [[[String]]]) {
        let words = Self.words(name)
        func add(_ family: [String], _ given: [String]) {
            guard !family.isEmpty || !given.isEmpty else { return }
            splits.append(Split(family: Self.unique(family), given: Self.unique(given.isEmpty ? [""] : given)))
        }
        for (family, given) in Self.splits(words) {
            let familyText = family.joined()
            let givenText = given.joined()
            let familyScalars = Array(familyText.unicodeScalars)
            let givenScalars = Array(givenText.unicodeScalars)
            if (familyScalars + givenScalars).contains(where: HanReadings.isHan) {
                let korean = { (scalars: [Unicode.Scalar]) in
                    Self.combinations(scalars.map { Self.hangulOf($0) }).compactMap(NameKey.of)
                }
                let japanese = { (scalars: [Unicode.Scalar]) in
                    Self.combinations(Self.japaneseChoices(scalars)).compactMap(NameKey.of)
                }
                add(korean(familyScalars), korean(givenScalars))
                add(japanese(familyScalars), japanese(givenScalars))
                forms.append((familyScalars + givenScalars).map { Self.hangulOf($0) })
            } else {
                // Romanised Japanese also gives its Hepburn form with long vowels single (Romaji).
                let keys = { (text: String) in
                    [NameKey.of(text), Romaji.shortHepburn(text).flatMap(NameKey.of)].compactMap { $0 }
                }
                add(keys(familyText), keys(givenText))
                if Hangul.isHangul(familyText + givenText) {
                    forms.append((familyScalars + givenScalars).map { [String($0)] })
                } else {
                    if let pinyin = Self.pinyinForm(family + given) { forms.append(pinyin) }
                    forms += KoreanSyllables.forms(family + given)
                }
            }
        }
    }

    /// How two names can be read the same, the closer first.
    public enum Agreement: Sendable {
        /// A split whose family and given names both share a reading (김경선 / Kim Kyong-sun;
        /// 加藤 恵子 / Katou Keiko).
        case reading
        /// Only syllable forms that agree at every position, each syllable through the characters it
        /// can stand for: a Chinese spelling of a Korean name (김대혁 / Jin Dahe). Looser: a pinyin
        /// syllable stands for many Korean ones.
        case syllables
    }

    /// How the two names can be read the same, or `nil` when they cannot.
    public func agreement(with other: NameReadings) -> Agreement? {
        for mine in splits {
            for theirs in other.splits
            where !mine.familySet.isDisjoint(with: theirs.familySet) && !mine.givenSet.isDisjoint(with: theirs.givenSet)
            {
                return .reading
            }
        }
        for form in syllableForms {
            for theirs in other.syllableForms where form.count == theirs.count {
                if zip(form, theirs).allSatisfy({ pair in pair.0.contains(where: pair.1.contains) }) {
                    return .syllables
                }
            }
        }
        return nil
    }

    /// Whether the two names can be read the same, in either way of ``Agreement``.
    public func agrees(with other: NameReadings) -> Bool { agreement(with: other) != nil }

    /// Keys for the whole name: each split's family and given keys together (at most 64 per split),
    /// and each syllable form's syllables run together (at most ``limit`` per form).
    public var wholeNameKeys: [String] {
        var keys: [String] = []
        for split in splits {
            var count = 0
            for family in split.family {
                for given in split.given where count < 64 {
                    keys.append(family + "|" + given)
                    count += 1
                }
            }
        }
        for form in syllableForms where form.count >= 2 {
            for syllables in Self.combinations(form) { keys.append("s:" + syllables) }
        }
        return keys
    }

    /// Keys for each part alone (`f:` family, `g:` given), to combine with another field such as a
    /// birth date: a kanji name whose readings are too many to pair up still meets its romanised form.
    public var partKeys: [String] {
        var keys = Set<String>()
        for split in splits {
            for family in split.family where !family.isEmpty { keys.insert("f:" + family) }
            for given in split.given where !given.isEmpty { keys.insert("g:" + given) }
        }
        return keys.sorted()
    }

    /// Keys for the given name alone in each reading (`g:` from the splits, `t:` the given syllables
    /// of a syllable form run together), at most 64 per split or form: they split a group of names
    /// that share a family name and little else (Kim Yeong-…).
    public var givenNameKeys: [String] {
        var keys = Set<String>()
        for split in splits {
            for given in split.given.prefix(64) where !given.isEmpty { keys.insert("g:" + given) }
        }
        for form in syllableForms where form.count >= 2 {
            for given in Self.combinations(Array(form.dropFirst())).prefix(64) { keys.insert("t:" + given) }
        }
        return keys.sorted()
    }

    /// The words of a name: split on spaces, middle dots and commas.
    static func words(_ name: String) -> [String] {
        let separators = Set<Character>([" ", "\u{3000}", "·", "・", ",", "\t"])
        return name.split(whereSeparator: { separators.contains($0) }).map(String.init).prefix(8).map { $0 }
    }

    /// Family/given splits to try: family first and family last; a name written as one word of
    /// Hangul, Han characters or kana split after one or two characters (up to four for kana).
    static func splits(_ words: [String]) -> [([String], [String])] {
        guard let first = words.first else { return [] }
        if words.count == 1 {
            let scalars = Array(first.unicodeScalars)
            let latin = scalars.allSatisfy { $0.isASCII || $0.properties.isAlphabetic && $0.value < 0x2000 }
            if latin || scalars.count < 2 { return [([], [first])] }
            var result: [([String], [String])] = []
            let maximum = KanaRomanisation.isKana(first) ? min(4, scalars.count - 1) : min(2, scalars.count - 1)
            for cut in 1...maximum {
                let family = String(String.UnicodeScalarView(scalars[..<cut]))
                let given = String(String.UnicodeScalarView(scalars[cut...]))
                result.append(([family], [given]))
            }
            return result
        }
        return [([first], Array(words.dropFirst())), ([words[words.count - 1]], Array(words.dropLast()))]
    }

    private static func hangulOf(_ scalar: Unicode.Scalar) -> [String] {
        if Hangul.isSyllable(scalar) { return [String(scalar)] }
        let readings = HanReadings.hangul(scalar)
        return readings.isEmpty ? [String(scalar)] : readings
    }

    /// Per position, the Japanese readings: each kanji's readings (with name readings and, after
    /// the first position, voiced forms), each run of kana romanised as one.
    private static func japaneseChoices(_ scalars: [Unicode.Scalar]) -> [[String]] {
        var choices: [[String]] = []
        var kana = ""
        func flushKana() {
            if !kana.isEmpty { choices.append([KanaRomanisation.hepburn.romanise(kana)]) }
            kana = ""
        }
        for scalar in scalars {
            if KanaRomanisation.isKanaScalar(scalar) {
                kana.unicodeScalars.append(scalar)
                continue
            }
            flushKana()
            if HanReadings.isHan(scalar) {
                var readings = HanReadings.japaneseNameReadings(scalar)
                if !choices.isEmpty { readings += readings.flatMap(HanReadings.voiced) }
                choices.append(readings.isEmpty ? [String(scalar)] : readings)
            } else {
                choices.append([String(scalar)])
            }
        }
        flushKana()
        return choices
    }

    /// Every way of reading a sequence, one choice per position, stopping at `limit`. When there are
    /// more, the most direct come first: by the sum of the options' places in their lists, so that a
    /// later character's name reading (八重子: 八 ya, a stem far down its list) is not crowded out by
    /// every reading of the first character with the first few of the rest.
    static func combinations(_ choices: [[String]]) -> [String] {
        let total = choices.reduce(1) { $0 > limit ? $0 : $0 * max($1.count, 1) }
        guard total > limit, !choices.contains(where: \.isEmpty) else { return lexicographic(choices) }
        var result: [String] = []
        let deepest = choices.reduce(0) { $0 + $1.count - 1 }
        var rank = 0
        while rank <= deepest, result.count < limit {
            combinations(choices, position: 0, prefix: "", remaining: rank, into: &result)
            rank += 1
        }
        return result
    }

    /// Every reading, one choice per position, in order (the first position slowest).
    private static func lexicographic(_ choices: [[String]]) -> [String] {
        var result = [""]
        for options in choices {
            var next: [String] = []
            for prefix in result {
                for option in options where next.count < limit { next.append(prefix + option) }
            }
            result = next
        }
        return result
    }

    /// The readings from `position` on whose options' places add up to exactly `remaining`.
    private static func combinations(
        _ choices: [[String]], position: Int, prefix: String, remaining: Int, into result: inout [String]
    ) {
        guard result.count < limit else { return }
        guard position < choices.count else {
            if remaining == 0 { result.append(prefix) }
            return
        }
        let later = choices[(position + 1)...].reduce(0) { $0 + $1.count - 1 }
        for place in max(0, remaining - later)...min(remaining, choices[position].count - 1) {
            combinations(
                choices, position: position + 1, prefix: prefix + choices[position][place],
                remaining: remaining - place,
                into: &result)
        }
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Each word split into pinyin syllables, each syllable to the Hangul readings of name
    /// characters read that way; `nil` unless every word is pinyin.
    private static func pinyinForm(_ words: [String]) -> [[String]]? {
        var form: [[String]] = []
        for word in words {
            guard word.unicodeScalars.allSatisfy({ $0.isASCII }),
                let syllables = HanReadings.pinyinSyllables(word)
            else { return nil }
            form += syllables.map { HanReadings.hangul(forPinyin: $0) }
        }
        return form.isEmpty || form.count > 6 ? nil : form
    }
}
