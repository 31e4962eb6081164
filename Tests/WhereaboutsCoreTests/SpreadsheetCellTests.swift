import PropertyBased
import Testing
import WhereaboutsCore

@Suite("spreadsheet cells")
struct SpreadsheetCellTests {
    static let attacks = [
        #"=HYPERLINK("http://x","y")"#, "+1-2", "-3", "@SUM(1)", "\t=1", "\r=1", "\r\n=1", "＝1+1", "＋1", "－1",
        "＠SUM(1)",
    ]

    @Test("a cell that would start a formula gets a quote in front, and reads back as it was")
    func neutralises() {
        for attack in Self.attacks {
            let written = SpreadsheetCell.neutralised(attack)
            #expect(written == "'" + attack)
            #expect(!SpreadsheetCell.startsAsFormula(written))
            #expect(SpreadsheetCell.restored(written) == attack)
        }
        for plain in ["김영희", "Kim Young-hee", "1977", "'quoted", "it's", "", "'", "a=b"] {
            #expect(SpreadsheetCell.neutralised(plain) == plain)
            #expect(SpreadsheetCell.restored(plain) == plain)
        }
        // Text that already looks neutralised keeps its quotes through a round trip.
        #expect(SpreadsheetCell.neutralised("'=1") == "''=1")
        #expect(SpreadsheetCell.restored("''=1") == "'=1")
    }

    @Test("any text round-trips, and what is written never starts a formula")
    func roundTrip() async {
        let characters = Gen.element(of: Array("=+-@\t\r\n'\"a1 ,＝김")).compactMap { $0 }
        await propertyCheck(count: 2_000, input: characters.string(of: 0...6)) { text in
            let written = SpreadsheetCell.neutralised(text)
            #expect(!SpreadsheetCell.startsAsFormula(written))
            #expect(SpreadsheetCell.restored(written) == text)
        }
    }
}
