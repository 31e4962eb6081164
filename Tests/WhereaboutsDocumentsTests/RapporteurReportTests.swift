import Foundation
import Testing

@testable import WhereaboutsDocuments

@Suite("A Special Rapporteur's report (DPRK, General Assembly, 2025)")
struct RapporteurReportTests {
    @Test("52 paragraphs, 53 footnotes, recommendations 51(a)–(k) and 52(a)–(j)")
    func structure() throws {
        let document = try FixtureDocuments.rapporteur
        #expect(document.kind == .report)
        #expect(document.issued == "2025-07-21")
        #expect(document.paragraphs.map(\.number) == Array(1...52))
        #expect(document.footnotes.map(\.number) == Array(1...53))
        // Every footnote is referred to by exactly one paragraph, in order.
        #expect(document.paragraphs.flatMap(\.footnotes) == Array(1...53))
        let numbers = document.recommendations.map(\.number)
        #expect(
            numbers
                == (["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"].map { "51(\($0))" }
                    + ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].map { "52(\($0))" }))
        #expect(document.recommendations.first?.addressee == "the Democratic People's Republic of Korea")
        #expect(document.recommendations.last?.addressee == "international community")
        #expect(
            document.recommendations.last?.text.hasPrefix(
                "Discuss in advance how to place human rights front and centre") == true)
        #expect(document.recommendations.allSatisfy { $0.recommendingStates.isEmpty })
    }

    @Test("headings of every level stand over their paragraphs, never inside them")
    func headings() throws {
        let document = try FixtureDocuments.rapporteur
        #expect(
            document.paragraph(15)?.headings == [
                "III. Human rights violations beyond the border",
                "A. International abductions and enforced disappearances",
            ])
        #expect(
            document.paragraph(27)?.headings.last == "1. Human rights concerns regarding mandatory military services")
        #expect(document.paragraph(35)?.headings.last == "Protection from public curiosity")
        #expect(document.paragraph(51)?.headings == ["V. Recommendations"])
        for paragraph in document.paragraphs {
            #expect(!paragraph.text.contains("Principle of non-refoulement 3"), "paragraph \(paragraph.number)")
        }
        #expect(document.paragraph(23)?.text.hasSuffix("Ukraine") == false)
        #expect(document.paragraph(33)?.text.hasSuffix("international humanitarian law") == false)
    }

    @Test("citations of other UN documents down to the paragraph, in footnotes and text")
    func citations() throws {
        let document = try FixtureDocuments.rapporteur
        let cited = document.footnotes.flatMap(\.citations).map(\.description)
        #expect(cited.contains("S/2024/215, para. 129"))
        #expect(cited.contains("S/2024/215, para. 180"))  // "Ibid., para. 180" after S/2024/215
        #expect(cited.contains("A/HRC/55/63, para. 26"))
        #expect(cited.contains("A/77/4, paras. 189–197"))
        #expect(cited.contains("S/RES/1718"))
        #expect(document.paragraph(10)?.citations.map(\.description) == ["A/RES/79/181"])
    }
}
