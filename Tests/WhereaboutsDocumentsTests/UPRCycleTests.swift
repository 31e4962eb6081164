import Testing
import WhereaboutsDocuments

@Suite("UPR cycles")
struct UPRCycleTests {
    @Test("a Working Group session gives its cycle: 1–12, 13–26, 27–40, 41–54")
    func sessions() {
        #expect(UPRCycle.of(session: 1) == 1 && UPRCycle.of(session: 12) == 1)
        #expect(UPRCycle.of(session: 13) == 2 && UPRCycle.of(session: 26) == 2)
        #expect(UPRCycle.of(session: 27) == 3 && UPRCycle.of(session: 40) == 3)
        #expect(UPRCycle.of(session: 41) == 4 && UPRCycle.of(session: 54) == 4)
        #expect(UPRCycle.of(session: 55) == 5)
        #expect(UPRCycle.of(session: 0) == nil)
    }

    @Test("the session is read from the symbol the report was first issued under, before the issue date")
    func fromDocument() {
        let report = UNSymbol("A/HRC/13/13")!
        let alias = UNSymbol("A/HRC/WG.6/6/L.12")!
        #expect(UPRCycle.session(in: alias) == 6)
        #expect(UPRCycle.session(in: report) == nil)
        #expect(UPRCycle.of(kind: .uprWorkingGroupReport, symbol: report, aliases: [alias], issued: nil) == 1)
        // The session wins over a date that would say otherwise.
        #expect(
            UPRCycle.of(
                kind: .uprWorkingGroupReport, symbol: report, aliases: [UNSymbol("A/HRC/WG.6/33/L.1")!],
                issued: "2010-01-04") == 3)
        #expect(UPRCycle.of(kind: .uprWorkingGroupReport, symbol: report, aliases: [], issued: "2010-01-04") == 1)
        #expect(UPRCycle.of(kind: .uprWorkingGroupReport, symbol: report, aliases: [], issued: "2014-12-02") == 2)
        #expect(UPRCycle.of(kind: .uprWorkingGroupReport, symbol: report, aliases: [], issued: "2019-12-26") == 3)
        #expect(UPRCycle.of(kind: .uprWorkingGroupReport, symbol: report, aliases: [], issued: "2024-12-19") == 4)
        #expect(UPRCycle.of(kind: .uprWorkingGroupReport, symbol: report, aliases: [], issued: "2031-03-03") == nil)
        #expect(UPRCycle.of(kind: .report, symbol: report, aliases: [alias], issued: "2010-01-04") == nil)
    }
}
