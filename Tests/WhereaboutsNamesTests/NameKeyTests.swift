import PropertyBased
import Testing

@testable import WhereaboutsNames

@Suite("Korean names")
struct NameKeyTests {
    @Test("Hangul is romanised in the three systems, with voicing between syllables where they voice")
    func romanisation() {
        #expect(KoreanRomanisation.revised.romanise("박정희") == "Bakjeonghui")
        #expect(KoreanRomanisation.mccuneReischauer.romanise("박정희") == "Pakchŏnghŭi")
        #expect(KoreanRomanisation.dprk.romanise("박정희") == "Pakjonghui")
        #expect(KoreanRomanisation.revised.romanise("김 영희") == "Gim Yeonghui")
        #expect(KoreanRomanisation.mccuneReischauer.romanise("김 영희") == "Kim Yŏnghŭi")
        #expect(KoreanRomanisation.dprk.romanise("리 영호") == "Ri Yongho")
        #expect(KoreanRomanisation.mccuneReischauer.romanise("최 동길") == "Ch'oe Tonggil")
        #expect(KoreanRomanisation.revised.romanise("정-희 (KP)") == "Jeong-Hui (KP)")
        #expect(Hangul.decompose("한") == Hangul.Syllable(initial: 18, medial: 0, final: 4))
        #expect(Hangul.decompose("a") == nil)
    }

    @Test("one person's name in Hangul and in every usual romanisation gives one key")
    func variantsMeet() {
        let families: [[String]] = [
            ["박", "Park", "Pak", "Bak", "Bahk"],
            ["이", "Lee", "Yi", "Rhee", "Ri", "I"],
            ["김", "Kim", "Gim"],
            ["최", "Choi", "Choe", "Ch'oe", "Chey"],
            ["정", "Jung", "Jeong", "Chung", "Jong", "Chŏng"],
            ["류", "Ryu", "Yu", "Yoo"],
            ["노", "Noh", "Roh", "No"],
            ["오", "Oh", "O"],
            ["안", "Ahn", "An"],
        ]
        for spellings in families {
            let keys = Set(spellings.compactMap(NameKey.of))
            #expect(keys.count == 1, "\(spellings): \(keys)")
        }
        let givens: [[String]] = [
            ["정희", "Jung-hee", "Jeong-hui", "Chŏng-hŭi", "Jonghui", "Chung Hee"],
            ["영희", "Young-hee", "Yeong-hui", "Yŏng-hŭi", "Yong Hui"],
            ["영호", "Young-ho", "Yeongho", "Yŏng-ho", "Yong Ho"],
        ]
        for spellings in givens {
            let keys = Set(spellings.compactMap { NameKey.of($0.replacingOccurrences(of: " ", with: "")) })
            #expect(keys.count == 1, "\(spellings): \(keys)")
        }
        #expect(NameKey.of("김") != NameKey.of("박"))
        #expect(NameKey.of("영희") != NameKey.of("철수"))
    }

    @Test("a whole name, family-first or given-first, joined or spaced, shares a key with its Hangul")
    func wholeNames() {
        let hangul = NameKey.keys(full: "박정희", family: nil, given: nil)
        for latin in ["Park Chung-hee", "Pak Jong Hui", "Chung-hee Park", "Bak Jeonghui"] {
            let keys = NameKey.keys(full: latin, family: nil, given: nil)
            #expect(!keys.isDisjoint(with: hangul), "\(latin): \(keys) vs \(hangul)")
        }
        let parts = NameKey.keys(full: "Kim Young-hee", family: "Kim", given: "Young-hee")
        #expect(parts.contains(NameKey.of("김")!))
        #expect(parts.contains(NameKey.of("영희")!))
    }

    @Test(
        "any text gives a key or none, without crashing: emoji, mixed scripts, unassigned code points, 10,000 letters")
    func anyText() async {
        let characters = Gen.oneOf(
            Gen.character(in: " "..."~"), Gen.character(in: "가"..."힣"), Gen.character(in: "ぁ"..."ゖ"),
            Gen.character(in: "一"..."龥"), Gen.character(in: "\u{1F600}"..."\u{1F64F}"),
            Gen.character(in: "\u{0300}"..."\u{036F}"), Gen.character(in: "\u{E000}"..."\u{E0FF}"))
        await propertyCheck(count: 2_000, input: characters.string(of: 0...40)) { text in
            let key = NameKey.of(text)
            #expect(key.map { !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isASCII) } ?? true)
        }
        #expect(NameKey.of("") == nil)
        #expect(NameKey.of("🙂🙂") == nil)
        #expect(NameKey.of("\u{E000}\u{10FFFD}") == nil)
        #expect(NameKey.of(String(repeating: "김", count: 10_000)) != nil)
        #expect(NameKey.of("Kim 영희") != nil)
    }
}

@Suite("Japanese names in kana")
struct KanaTests {
    @Test("kana are romanised in Hepburn and Kunrei: long vowels, small ya/yu/yo, doubled consonants, syllabic n")
    func romanisation() {
        #expect(KanaRomanisation.hepburn.romanise("イトウヨウコ") == "itōyōko")
        #expect(KanaRomanisation.kunrei.romanise("イトウヨウコ") == "itôyôko")
        #expect(KanaRomanisation.hepburn.romanise("きょうこ") == "kyōko")
        #expect(KanaRomanisation.hepburn.romanise("しんいち") == "shin'ichi")
        #expect(KanaRomanisation.kunrei.romanise("しんいち") == "sin'iti")
        #expect(KanaRomanisation.hepburn.romanise("はっとり じゅん") == "hattori jun")
        #expect(KanaRomanisation.hepburn.romanise("まっちゃ") == "matcha")
        #expect(KanaRomanisation.hepburn.romanise("サトー") == "satō")
        #expect(KanaRomanisation.isKana("ヨウコ"))
        #expect(!KanaRomanisation.isKana("洋子"))
    }

    @Test("a Japanese name in kana, Hepburn or Kunrei, with its long vowels written any way, gives one key")
    func variantsMeet() {
        for spellings in [
            ["イトウ", "いとう", "Itō", "Itou", "Itoh", "Ito", "Itô"],
            ["ヨウコ", "Yōko", "Youko", "Yoko", "Yôko"],
            ["しんいち", "Shin'ichi", "Shinichi", "Sin'iti"],
            ["ふくだ", "Fukuda", "Hukuda"],
            ["つちや", "Tsuchiya", "Tutiya"],
        ] {
            let keys = Set(spellings.compactMap(NameKey.of))
            #expect(keys.count == 1, "\(spellings): \(keys)")
        }
        let kana = NameKey.keys(full: "イトウヨウコ", family: nil, given: nil)
        #expect(!kana.isDisjoint(with: NameKey.keys(full: "Itō Yōko", family: "Itō", given: "Yōko")))
    }
}
