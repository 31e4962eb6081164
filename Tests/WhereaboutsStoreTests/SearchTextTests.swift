import Foundation
import PropertyBased
import Testing

@testable import WhereaboutsStore

/// The search normalisation's fast paths against the plain definitions they stand in for.
struct SearchTextTests {
    /// The definition of ``SearchText/normalise(_:)``: compatibility composition, lower case, single spaces.
    static func normalisedByFoundation(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The definition of ``SearchText/grams(_:)``: every word scalar and every pair of neighbouring ones.
    static func gramsBySet(_ normalised: String) -> Set<String> {
        var grams = Set<String>()
        var previous: Unicode.Scalar? = nil
        for scalar in normalised.unicodeScalars {
            guard SearchText.isWordScalar(scalar) else {
                previous = nil
                continue
            }
            grams.insert(String(scalar))
            if let previous { grams.insert(String(previous) + String(scalar)) }
            previous = scalar
        }
        return grams
    }

    @Test("ASCII text is normalised exactly as Foundation's composition, lower-casing and splitting would")
    func asciiNormalisation() async {
        let ascii = Gen.character(in: "\u{0}"..."\u{7f}")
        await propertyCheck(count: 2_000, input: ascii.string(of: 0...60)) { text in
            #expect(SearchText.normaliseASCII(text) == Self.normalisedByFoundation(text), "\(text.debugDescription)")
            #expect(SearchText.normalise(text) == Self.normalisedByFoundation(text))
        }
        for text in ["  Kim\tYoung-Hee \r\n ", "\u{b}\u{c}", "", "ABC xyz 123", "a\u{1c}b"] {
            #expect(SearchText.normalise(text) == Self.normalisedByFoundation(text), "\(text.debugDescription)")
        }
    }

    @Test("text that is not all ASCII takes Foundation's path: full-width letters, Hangul, combining marks")
    func otherText() {
        #expect(SearchText.normaliseASCII("Café") == nil)
        #expect(SearchText.normalise("ＫＩＭ  영희") == "kim 영희")
        #expect(SearchText.normalise("Cafe\u{301} 拉致") == "café 拉致")
        #expect(SearchText.normalise("e\u{301}") == Self.normalisedByFoundation("e\u{301}"))
    }

    @Test("grams are every word character and neighbouring pair, each once, whatever the script")
    func grams() async {
        let characters = Gen.oneOf(
            Gen.character(in: "a"..."z"), Gen.character(in: "0"..."9"), Gen.character(in: "가"..."힣"),
            Gen.character(in: "一"..."龥"), Gen.character(in: "ぁ"..."ん"),
            Gen.element(of: Array(" -.😀𠀀ß")).compactMap { $0 })
        await propertyCheck(count: 1_000, input: characters.string(of: 0...40)) { text in
            let grams = SearchText.grams(text)
            #expect(Set(grams) == Self.gramsBySet(text), "\(text)")
            #expect(grams.count == Set(grams).count)
        }
        #expect(Set(SearchText.grams("납치 김")) == ["납", "치", "납치", "김"])
        #expect(SearchText.grams("- -").isEmpty)
    }
}
