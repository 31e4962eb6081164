import Testing

@testable import WhereaboutsDocuments

/// Forms of UN documents other than the two fixtures, written here after the UN's editorial style,
/// so the reader is checked on texts it was not built on.
@Suite("other forms of UN documents")
struct OtherDocumentFormsTests {
    @Test("a treaty body's concluding observations: 'The State party should:' with lettered items, and inline")
    func concludingObservations() throws {
        let text = """
            CCPR/C/PRK/CO/2
            United Nations
            International Covenant on Civil and Political Rights
            Distr.: General
            12 May 2031
            Concluding observations on the third periodic report of the Democratic People’s Republic of Korea*

            A. Introduction
            1. The Committee considered the third periodic report at its 4000th and 4001st meetings.
            B. Principal subjects of concern and recommendations
            Enforced disappearance
            2. The Committee is concerned about reports of abductions of foreign nationals.¹
            3. The State party should:
            (a) Disclose the fate and whereabouts of every person abducted;
            (b) Allow families to communicate with their relatives; and
            (c) Return the remains of those who died.
            4. The Committee notes the information provided. The State party should take every measure to allow its citizens to leave the country.
            ¹ See A/HRC/25/63, paras. 56–60.
            """
        let document = UNDocumentReader.read(text, symbol: UNSymbol("CCPR/C/PRK/CO/2")!)
        #expect(document.kind == .report)
        #expect(document.issued == "2031-05-12")
        #expect(document.paragraphs.map(\.number) == [1, 2, 3, 4])
        #expect(
            document.paragraph(2)?.headings == [
                "B. Principal subjects of concern and recommendations", "Enforced disappearance",
            ])
        #expect(document.recommendations.map(\.number) == ["3(a)", "3(b)", "3(c)", "4"])
        #expect(document.recommendations.allSatisfy { $0.addressee == "the State party" })
        #expect(document.recommendations[1].text == "Allow families to communicate with their relatives;")
        #expect(document.footnotes.first?.citations.map(\.description) == ["A/HRC/25/63, paras. 56–60"])
        #expect(document.paragraph(2)?.footnotes == [1])
    }

    @Test("a UPR report of the later cycles, as pdftotext lays it out: numbers on their own lines")
    func laterUPRCycle() throws {
        let text = """
            A/HRC/42/10\u{0C}
            Report of the Working Group on the Universal Periodic Review*
            Democratic People's Republic of Korea
            Introduction
            1.
            The Working Group held its thirty-third session.
            II.
            Conclusions and/or recommendations**
            2.
            The following recommendations have been examined by the Democratic People’s Republic of Korea and enjoy its support:
            2.1
            Ratify the Convention against Torture (Côte d’Ivoire);
            2.2
            Cooperate with the Special Rapporteur (Iran (Islamic Republic of));\u{0C}
            2
            A/HRC/42/10
            2.3
            Resume the reunions of separated families (Republic of Korea);
            3.
            The following recommendations have been noted by the Democratic People’s Republic of Korea:
            3.1
            Establish a mechanism to account for the abducted (Japan);
            4.
            All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s).
            """
        let document = UNDocumentReader.read(text, symbol: UNSymbol("A/HRC/42/10")!)
        #expect(document.kind == .uprWorkingGroupReport)
        #expect(document.stateUnderReview == "Democratic People’s Republic of Korea")
        #expect(document.paragraphs.map(\.number) == [1, 2, 3, 4])
        #expect(document.recommendations.map(\.number) == ["2.1", "2.2", "2.3", "3.1"])
        #expect(
            document.recommendations.map(\.recommendingStates) == [
                ["Côte d’Ivoire"], ["Iran (Islamic Republic of)"], ["Republic of Korea"], ["Japan"],
            ])
        #expect(document.recommendations.map(\.position) == [.supported, .supported, .supported, .noted])
        #expect(document.recommendations[2].text == "Resume the reunions of separated families")
    }
}
