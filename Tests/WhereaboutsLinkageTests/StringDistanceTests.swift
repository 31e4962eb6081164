import Testing

@testable import WhereaboutsLinkage

@Suite struct StringDistanceTests {
    private func jw(_ a: String, _ b: String) -> Double {
        StringDistance.jaroWinkler(StringDistance.scalars(a), StringDistance.scalars(b))
    }

    private func dl(_ a: String, _ b: String, limit: Int = .max) -> Int {
        StringDistance.damerauLevenshtein(StringDistance.scalars(a), StringDistance.scalars(b), limit: limit)
    }

    @Test func jaroWinklerMatchesPublishedValues() {
        // Winkler's examples: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
        #expect(abs(jw("MARTHA", "MARHTA") - 0.9611) < 0.0005)
        #expect(abs(jw("DWAYNE", "DUANE") - 0.84) < 0.0005)
        #expect(abs(jw("DIXON", "DICKSONX") - 0.8133) < 0.0005)
        #expect(jw("abc", "abc") == 1)
        #expect(jw("abc", "xyz") == 0)
        #expect(jw("", "") == 1)
        #expect(jw("a", "") == 0)
        // Hangul counts one unit per syllable.
        #expect(jw("박정희", "박정휘") > 0.8)
    }

    @Test func damerauLevenshteinCountsTranspositionsAsOneEdit() {
        #expect(dl("kitten", "sitting") == 3)
        #expect(dl("ca", "ac") == 1)
        #expect(dl("19560409", "19650409") == 1)
        #expect(dl("abc", "abc") == 0)
        #expect(dl("", "abc") == 3)
        #expect(dl("abcdef", "uvwxyz", limit: 2) == 3)
        #expect(dl("4314184", "4341184") == 1)
    }
}
