import Foundation
import Testing

@testable import WhereaboutsDocuments

@Suite("A UPR working-group report (A/HRC/13/13, DPRK, 2010)")
struct UPRReportTests {
    /// What both the published PDF and the text export must give.
    func checkStructure(_ document: UNDocument) {
        #expect(document.kind == .uprWorkingGroupReport)
        #expect(document.stateUnderReview == "Democratic People’s Republic of Korea")
        #expect(document.issued == "2010-01-04")
        #expect(document.aliases == [UNSymbol("A/HRC/WG.6/6/L.12")!])
        #expect(document.paragraphs.map(\.number) == Array(1...92))

        let recommendations = document.recommendations
        #expect(recommendations.count == 167)
        #expect(recommendations.filter { $0.paragraph == 90 }.count == 117)
        #expect(recommendations.filter { $0.paragraph == 91 }.count == 50)
        #expect(recommendations.map(\.number).prefix(2) == ["90.1", "90.2"])
        #expect(recommendations.last?.number == "91.50")
        #expect(recommendations.allSatisfy { $0.recommendingStates.count == 1 })
        // 47 names as printed; "Laos" and "Lao People’s Democratic Republic" are one State.
        #expect(Set(recommendations.flatMap(\.recommendingStates)).count == 46)
        #expect(recommendations.filter { $0.paragraph == 90 }.allSatisfy { $0.position == .pending })
        #expect(recommendations.filter { $0.paragraph == 91 }.allSatisfy { $0.position == .noted })
        #expect(recommendations.allSatisfy { $0.addressee == "Democratic People’s Republic of Korea" })

        let first = recommendations[0]
        #expect(first.recommendingStates == ["Chile"])
        #expect(first.text.hasPrefix("Ratify the Convention on the Elimination of the Worst Forms of Child Labour"))
        #expect(first.text.hasSuffix("the ICRMW and CRPD"))
        let iran = recommendations.first { $0.text.hasPrefix("Continue to address the negative impact") }
        #expect(iran?.recommendingStates == ["Iran (Islamic Republic of)"])
        #expect(iran?.number == "90.95")

        // Item 91 of paragraph 90's list is not paragraph 91, and the list does not swallow paragraph 92.
        #expect(
            document.paragraph(91)?.text.hasPrefix("The following recommendations did not enjoy the support") == true)
        #expect(document.paragraph(92)?.text.hasPrefix("All conclusions and/or recommendations") == true)
        #expect(document.paragraph(92)?.text.contains("Composition of the delegation") == false)

        #expect(
            document.paragraph(5)?.headings == [
                "I. Summary of the proceedings of the review process", "A. Presentation by the State under review",
            ])
        #expect(document.paragraph(90)?.headings == ["II. Conclusions and/or recommendations"])
        // Headings are taken off the end of the paragraph before.
        #expect(document.paragraph(4)?.text.hasSuffix("extranet of the Working Group.") == true)
        #expect(document.paragraph(3)?.subparagraphs.map(\.label) == ["a", "b", "c"])
        #expect(
            document.paragraph(3)?.citations.map(\.description) == [
                "A/HRC/WG.6/6/PRK/1", "A/HRC/WG.6/6/PRK/2", "A/HRC/WG.6/6/PRK/3",
            ])
    }

    @Test("the text export gives 92 paragraphs and 167 recommendations, each from one State")
    func textExport() throws {
        checkStructure(try FixtureDocuments.uprText)
    }

    @Test("the PDF as published gives the same", .enabled(if: FixtureDocuments.pdfTestsRun))
    func publishedPDF() throws {
        let pdf = try FixtureDocuments.uprPDF
        checkStructure(pdf)
        let text = try FixtureDocuments.uprText
        #expect(pdf.recommendations.map(\.number) == text.recommendations.map(\.number))
        #expect(pdf.recommendations.map(\.recommendingStates) == text.recommendations.map(\.recommendingStates))
    }

    @Test("a file that is not a PDF is told apart by its first bytes, not its name")
    func sniffing() throws {
        #expect(
            UNDocumentPDF.isPDF(try Data(contentsOf: FixtureDocuments.url("upr-dprk-2010-working-group-report.pdf"))))
        #expect(!UNDocumentPDF.isPDF(Data("United Nations A/HRC/13/13".utf8)))
    }
}
