import Testing

@testable import WhereaboutsDocuments

@Suite("UN document symbols")
struct UNSymbolTests {
    @Test(
        "symbols as the UN writes them are read",
        arguments: [
            "A/HRC/13/13", "A/HRC/WG.6/6/L.12", "S/2024/215", "CCPR/C/PRK/CO/2", "A/HRC/55/63/Add.1/Corr.1",
            "E/CN.4/2005/34", "A/RES/60/147", "A/HRC/25/CRP.1", "CEDAW/C/PRK/CO/2-4", "E/C.12/PRK/CO/1",
            "A/HRC/WG.6/6/PRK/1", "S/PRST/2023/1", "A/80/150",
        ])
    func valid(_ text: String) {
        #expect(UNSymbol(text)?.description == text)
    }

    @Test(
        "anything else is not a symbol",
        arguments: [
            "A", "A/", "X/HRC/13/13", "A/HRC//13", "A/HRC/13/Add.1/13", "a/hrc/13/13", "A/HRC/13/13<script>",
            "S/2024/215/Add",
        ])
    func invalid(_ text: String) {
        #expect(UNSymbol(text) == nil)
    }

    @Test("an addendum knows the document it adds to; spacing is tolerated")
    func addenda() {
        #expect(UNSymbol("A/HRC/55/63/Add.1/Corr.1")?.base == UNSymbol("A/HRC/55/63"))
        #expect(UNSymbol("A/HRC/55/63/ Add. 1")?.description == "A/HRC/55/63/Add.1")
        #expect(UNSymbol("S/RES/1718 (2006)")?.description == "S/RES/1718")
    }

    @Test("symbols in running text, with the paragraphs cited")
    func inText() {
        let cited = UNCitations.all(in: "See S/2024/215, para. 129; A/HRC/25/CRP.1, paras. 1011-1025. Also A/79/235.")
        #expect(cited.map(\.description) == ["S/2024/215, para. 129", "A/HRC/25/CRP.1, paras. 1011–1025", "A/79/235"])
    }

    @Test("States named in a recommendation's parentheses, by their current short names")
    func states() {
        #expect(UNMemberStates.names(in: "Iran (Islamic Republic of)") == ["Iran (Islamic Republic of)"])
        #expect(
            UNMemberStates.names(in: "Poland, Ukraine and Libyan Arab Jamahiriya") == ["Poland", "Ukraine", "Libya"])
        #expect(
            UNMemberStates.names(in: "the United Kingdom") == ["United Kingdom of Great Britain and Northern Ireland"])
        #expect(UNMemberStates.names(in: "Atlantis") == nil)
    }
}
