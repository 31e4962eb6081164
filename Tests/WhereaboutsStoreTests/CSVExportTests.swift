import CSV
import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsTestSupport

@testable import WhereaboutsStore

@Suite("CSV written for spreadsheets")
struct CSVExportTests {
    static let attacks = [
        #"=HYPERLINK("http://x","y")"#, "+1-2", "-3", "@SUM(1)", "\t=1", "'=1", "＝1+1", "=1,\"2\"\n+3",
    ]

    @Test("victims named like formulas are exported neutralised and imported back unchanged")
    func formulaNames() async throws {
        try await TestDatabase.withStore { store in
            let writer = Writer.operatorWriter()
            var rows: [[String]] = [CaseList.columns]
            for (index, attack) in Self.attacks.enumerated() {
                let event = try await store.create(Event(title: attack, description: "-" + attack), by: writer)
                let person = try await store.create(Person(names: [NameForm(full: attack)]), by: writer)
                let act = Act(
                    eventID: event.id, victimID: person.id, type: "abduction", leverageOnFamily: "@\(index)")
                _ = try await store.create(act, by: writer)
                rows.append(
                    CaseList.row(
                        eventKey: "e\(index)", personKey: "p\(index)", act: act,
                        event: try #require(event.body(as: Event.self)),
                        person: try #require(person.body(as: Person.self)),
                        source: nil))
            }
            let data = CSVRows.data(rows)

            // Read as a spreadsheet would: no cell of the file starts a formula.
            let reader = try CSVReader(string: String(decoding: data, as: UTF8.self), hasHeaderRow: false)
            var cells = 0
            while let row = reader.next() {
                for cell in row {
                    #expect(!SpreadsheetCell.startsAsFormula(cell), "\(cell.debugDescription)")
                    cells += 1
                }
            }
            #expect(cells == CaseList.columns.count * rows.count)

            // Read back by `import csv`: the same names, titles and descriptions.
            let parsed = try CaseList.read(InputStream(data: data), vocabulary: store.vocabularyIndex)
            let names = parsed.records.compactMap { ($0.body as? Person)?.names.first?.full }
            let titles = parsed.records.compactMap { ($0.body as? Event)?.title }
            let descriptions = parsed.records.compactMap { ($0.body as? Event)?.description }
            let leverage = parsed.records.compactMap { ($0.body as? Act)?.leverageOnFamily }
            #expect(names == Self.attacks && titles == Self.attacks)
            #expect(descriptions == Self.attacks.map { "-" + $0 })
            #expect(leverage == Self.attacks.indices.map { "@\($0)" })
        }
    }

    @Test("numbers are written as numbers, and a neutralised cell keeps its quote inside the field")
    func quoting() {
        let line = CSVRows.line([.text("=1,\"x\""), .integer(-3), .decimal(-2.5), "plain"])
        #expect(line == "\"'=1,\"\"x\"\"\",-3,-2.5,plain\n")
    }
}
