import PropertyBased
import Testing

@testable import WhereaboutsNames

@Suite struct NameReadingsTests {
    private func same(_ a: String, _ b: String) -> Bool { NameReadings(a).agrees(with: NameReadings(b)) }

    @Test func koreanNamesMeetAcrossRomanisationsAndOrder() {
        #expect(same("박희순", "Park Hee-sun"))
        #expect(same("박희순", "Pak Hui-sun"))
        #expect(same("이화선", "Ri Hwa-son"))
        #expect(same("오복정", "O Pok Jong"))
        #expect(same("문선희", "Seon-hui Mun"))
        #expect(same("김수길", "Kim Sugil"))
        #expect(!same("김수길", "김영철"))
        #expect(!same("Park Hee-sun", "Park Dong-geun"))
    }

    @Test func hanjaAndChineseSpellingsMeetTheHangul() {
        #expect(same("徐赫鎭", "So Hyok-jin"))
        #expect(same("김복금", "Jin Fujin"))  // 金福今
        #expect(same("김석정", "Jin Xizheng"))  // 金錫正
        #expect(same("Kim Ok-hwa", "Jin Yuhua"))  // 金玉華, through the syllables
        #expect(!same("김석정", "Li Xizheng"))
    }

    @Test("romanised Japanese in Kunrei, or with its long vowels written out, meets the kana and Hepburn forms")
    func kunreiAndLongVowels() {
        #expect(same("Syuuiti Satou", "Satou Shuuichi"))
        #expect(same("オオノ シュウイチ", "Oono Shuuichi"))
        #expect(same("イシオカ シュウイチ", "Isioka Syuuiti"))
        #expect(same("原 ひとみ", "Hara Hitomi"))
        #expect(same("工藤 亨", "Kudou Tooru"))
        #expect(!same("Syuuiti Satou", "Satou Shinichi"))
    }

    @Test("a kanji name with more readings than are kept still keeps its name reading (八重子 Yaeko)")
    func manyReadingsKeepTheNameReading() {
        #expect(same("佐藤 八重子", "Satou Yaeko"))
        #expect(same("斎藤 八重子", "Yaeko Saitou"))
        #expect(NameReadings.combinations([["a", "b"], ["c"]]) == ["ac", "bc"])
        let many = (0..<40).map { "r\($0)" }
        let kept = NameReadings.combinations([many, many, many])
        #expect(kept.count == NameReadings.limit)
        #expect(kept.first == "r0r0r0")
        // Every reading with a later place in any position is kept before deeper ones of all.
        #expect(kept.contains("r9r0r0") && kept.contains("r0r0r9") && !kept.contains("r39r39r39"))
    }

    @Test func japaneseNamesMeetAcrossKanjiKanaAndRomaji() {
        #expect(same("加藤 恵子", "Katou Keiko"))
        #expect(same("加藤 恵子", "Keiko Katou"))
        #expect(same("オオノ フキエ", "Oono Hukie"))  // Kunrei
        #expect(same("オオノ フキエ", "Oono Fukie"))
        #expect(same("有本 祐木子", "Arimoto Yukiko"))
        #expect(same("大野 洋子", "Oono Youko"))
        #expect(same("近藤 るみ子", "Kondou Rumiko"))  // kanji with kana
        #expect(!same("加藤 恵子", "Katou Yaeko"))
    }

    @Test func splitsPinyinIntoSyllables() {
        #expect(HanReadings.pinyinSyllables("aishun") == ["ai", "shun"])
        #expect(HanReadings.pinyinSyllables("xizheng") == ["xi", "zheng"])
        #expect(HanReadings.pinyinSyllables("kim") == nil)
        #expect(HanReadings.hangul(forPinyin: "piao").contains("박"))
    }

    @Test func readsNothingFromNoLetters() {
        #expect(NameReadings("").isEmpty)
        #expect(NameReadings("  ,  ").isEmpty)
    }

    @Test func neverCrashesOnArbitraryNames() async {
        let characters = Gen.oneOf(
            Gen.character(in: " "..."~"), Gen.character(in: "가"..."힣"), Gen.character(in: "ぁ"..."ゖ"),
            Gen.character(in: "ァ"..."ヶ"), Gen.character(in: "一"..."龥"), Gen.character(in: "\u{1F600}"..."\u{1F64F}"),
            Gen.character(in: "\u{0300}"..."\u{036F}"), Gen.character(in: "\u{E000}"..."\u{E0FF}"))
        await propertyCheck(count: 1_000, input: characters.string(of: 0...24)) { text in
            let readings = NameReadings(text)
            #expect(readings.splits.allSatisfy { $0.family.count <= NameReadings.limit })
            _ = readings.agrees(with: NameReadings("Kim Sugil"))
            _ = readings.wholeNameKeys
        }
        let long = NameReadings(String(repeating: "김藤a ", count: 2_500))
        _ = long.agrees(with: long)
    }
}
