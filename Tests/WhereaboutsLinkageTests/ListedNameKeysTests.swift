import Testing

@testable import WhereaboutsLinkage
@testable import WhereaboutsNames

/// A name with more readings than it is keyed by (a kanji name) is also keyed by every reading a
/// name of the same list with few readings holds, so blocking proposes the pairs the comparator
/// finds the same in some reading.
@Suite struct ListedNameKeysTests {
    private func comparator(_ names: [String]) throws -> PersonNameComparator {
        let table = try LinkTable(ids: names.indices.map { "r\($0)" }, columns: ["name": names])
        return PersonNameComparator(table, column: "name")
    }

    private func shareKey(_ rule: BlockingRule, _ a: Int, _ b: Int) -> Bool {
        !Set(rule.keys(a)).isDisjoint(with: rule.keys(b))
    }

    @Test("a kanji name meets its romanised and kana forms under the whole-name rule and the given-name refinement")
    func kanjiMeetsItsReadings() throws {
        let names = try comparator(["横田 幸子", "Yokota Sachiko", "ヨコタ サチコ", "Sachiko Yokota", "김대혁"])
        for other in 1...3 {
            #expect(names.level(0, other) == 0)
            #expect(shareKey(names.blockingRule, 0, other), "横田 幸子 and record \(other)")
            let given = names.givenNameRefinement
            #expect(!Set(given.keys(0)).isDisjoint(with: given.keys(other)))
        }
        #expect(!shareKey(names.blockingRule, 0, 4))
    }

    @Test("a Hangul name meets its Chinese spelling")
    func hangulMeetsPinyin() throws {
        let names = try comparator(["김대혁", "Jin Dahe"])
        #expect(names.levelNames[names.level(0, 1)] == "same syllables through their characters")
        #expect(shareKey(names.blockingRule, 0, 1))
    }

    @Test("a name alone in its list keeps its own keys only")
    func ownKeysOnly() throws {
        let readings = NameReadings("横田 幸子")
        let names = try comparator(["横田 幸子", "Kim Min-jun"])
        #expect(Set(names.blockingRule.keys(0)) == Set(readings.wholeNameKeys.map(StableHash.of)))
        #expect(readings.wholeNameKeySpaces.contains { $0.count > ListedNameKeys.fullSpace })
    }

    @Test("a key space's first keys are the name's own keys")
    func spacesHoldOwnKeys() {
        let readings = NameReadings("Yokota Sachiko")
        let spaces = readings.wholeNameKeySpaces
        let spelled = spaces.flatMap { space in
            NameReadings.combinations(space.choices).map { space.start + $0 }
        }
        #expect(Set(readings.wholeNameKeys).isSubset(of: Set(spelled)))
    }
}
