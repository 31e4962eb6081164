import Foundation
import Testing
import WhereaboutsDocuments
import WhereaboutsStore
import WhereaboutsTestSupport

/// UHRI's and UPR Info's exports, in files shaped like theirs, read against the fixture documents.
@Suite("UN recommendations from UHRI and UPR Info exports")
struct UNExternalImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("WhereaboutsDocumentsTests/Fixtures")

    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appendingPathComponent(name)) }

    static func document(_ name: String, _ symbol: String) throws -> UNDocument {
        let text = String(decoding: try fixture(name), as: UTF8.self)
        return UNDocumentReader.read(text, symbol: UNSymbol(symbol)!)
    }

    @Test("UHRI's columns are found by name; numbers, States and positions are read from them")
    func readsUHRI() throws {
        let rows = try UNDatabaseExport.read(try Self.fixture("uhri-export-sample.csv"), source: .uhri, symbol: nil)
        #expect(rows.count == 4)
        #expect(rows[0].id == "00000000-0000-4000-8000-000000000001" && rows[0].symbol?.description == "A/HRC/13/13")
        #expect(rows[0].recommendingStates == ["Chile"] && rows[0].position == .noted)
        #expect(rows[2].recommendingStates.isEmpty && rows[2].position == nil)
        #expect(rows[3].number == "2.4" && rows[3].text.hasPrefix("Establish a register"))
        #expect(rows[3].details["affected persons"] == "Disappeared persons")
        #expect(rows[3].positionSource == "A/HRC/99/7/Add.1 - Para.3")
        let upr = try UNDatabaseExport.read(
            try Self.fixture("upr-info-export-sample.csv"), source: .uprInfo, symbol: UNSymbol("A/HRC/13/13"))
        #expect(upr.count == 2 && upr.allSatisfy { $0.symbol?.description == "A/HRC/13/13" })
        #expect(upr[1].recommendingStates == ["Japan"] && upr[1].details["cycle"] == "1")
        // Without ids, a row's id is a hash of what it says: the same in every export.
        #expect(upr[0].id.hasPrefix("h-") && upr[0].id != upr[1].id)
        #expect(
            try UNDatabaseExport.read(
                try Self.fixture("upr-info-export-sample.csv"), source: .uprInfo, symbol: UNSymbol("A/HRC/13/13")
            ).map(\.id) == upr.map(\.id))
        #expect(throws: UNDatabaseExport.Problem.self) {
            try UNDatabaseExport.read(Data("Name,Date\nx,y\n".utf8), source: .uhri, symbol: nil)
        }
        #expect(throws: UNDatabaseExport.Problem.self) {
            try UNDatabaseExport.read(Data([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe]), source: .uhri, symbol: nil)
        }
    }

    @Test(
        "UHRI's workbook as it downloads (.xlsx with shared or inline strings) and saved as CSV read alike: its own column names, values on lines after \"- \", days as serial numbers"
    )
    func readsUHRIWorkbook() throws {
        let csv = try UNDatabaseExport.read(try Self.fixture("uhri-workbook-shape.csv"), source: .uhri, symbol: nil)
        for name in ["uhri-workbook-shape.xlsx", "uhri-workbook-inline.xlsx"] {
            let rows = try UNDatabaseExport.read(try Self.fixture(name), source: .uhri, symbol: nil)
            #expect(rows == csv, "\(name)")
        }
        #expect(csv.count == 4)
        #expect(csv[0].id == "00000000-0000-4000-8000-0000000000a1" && csv[0].symbol?.description == "A/HRC/13/13")
        #expect(csv[0].recommendingStates == ["Chile"] && csv[0].position == .noted)
        #expect(csv[0].stateUnderReview == "Democratic People's Republic of Korea")
        #expect(csv[0].details["reccomending body"] == "UPR" && csv[0].details["upr session"] == "06 Session")
        #expect(csv[0].details["document publication date"] == "2010-01-04")
        #expect(csv[0].details["date of publication on uhri"] == "2022-12-31")
        #expect(csv[0].details["themes"] == "Enforced disappearances; Liberty & security of the person")
        #expect(csv[2].recommendingStates.isEmpty && csv[2].position == nil)
        #expect(csv[2].details["sdgs"] == "16.3 - Promote the rule of law")
        #expect(csv[3].number == "2.4" && csv[3].text.hasPrefix("Establish a register"))
        #expect(csv[3].recommendingStates == ["France", "Germany"] && csv[3].position == .supported)

        // A workbook damaged anywhere is refused as a problem with the file, never a crash.
        let workbook = Array(try Self.fixture("uhri-workbook-shape.xlsx"))
        for cut in stride(from: 40, to: workbook.count, by: workbook.count / 7) {
            var damaged = workbook
            for offset in cut..<min(cut + 24, damaged.count) { damaged[offset] ^= 0x5A }
            _ = try? UNDatabaseExport.read(Data(damaged), source: .uhri, symbol: nil)
            #expect(throws: UNDatabaseExport.Problem.self) {
                try UNDatabaseExport.read(Data(workbook.prefix(cut)), source: .uhri, symbol: nil)
            }
        }
    }

    @Test(
        "UPR Info's database as its Uwazi site exports it: the template's fields framed by Title … Published, values separated by |"
    )
    func readsUPRInfoAsUwaziExportsIt() async throws {
        let rows = try UNDatabaseExport.read(
            try Self.fixture("upr-info-uwazi-export-sample.csv"), source: .uprInfo, symbol: UNSymbol("A/HRC/13/13"))
        #expect(rows.map(\.recommendingStates) == [["Chile"], ["Japan"]])
        #expect(rows.map(\.position) == [.noted, .noted])  // "Not Supported" is what the UPR calls noted
        #expect(rows.first?.details["issues"] == "Enforced disappearances; Rights of the Child")
        #expect(rows.first?.details["session"] == "6 - December 2009" && rows.first?.details["cycle"] == "Cycle 1")
        #expect(rows.allSatisfy { $0.stateUnderReview == "Democratic People's Republic of Korea" })
        try await TestDatabase.withStore { store in
            let now = Date(timeIntervalSince1970: 2_000_000_000)
            let upr = try Self.document("upr-dprk-2010-working-group-report.txt", "A/HRC/13/13")
            _ = try await store.saveUNDocument(upr, contentSHA256: "upr", by: "tester", at: now)
            let outcome = try await store.importUNExport(rows, by: "tester", at: now)
            #expect(outcome.matched == 2 && outcome.added == 0)
        }
    }

    @Test("rows are matched to the recommendations held, added when none matches, and importing again changes nothing")
    func importsIdempotently() async throws {
        try await TestDatabase.withStore { store in
            let now = Date(timeIntervalSince1970: 2_000_000_000)
            let upr = try Self.document("upr-dprk-2010-working-group-report.txt", "A/HRC/13/13")
            let rapporteur = try Self.document("special-rapporteur-dprk-2025-ga80.txt", "A/80/150")
            _ = try await store.saveUNDocument(upr, contentSHA256: "upr", by: "tester", at: now)
            _ = try await store.saveUNDocument(rapporteur, contentSHA256: "sr", by: "tester", at: now)
            let before = try await store.unRecommendations()

            let rows = try UNDatabaseExport.read(try Self.fixture("uhri-export-sample.csv"), source: .uhri, symbol: nil)
            let first = try await store.importUNExport(rows, by: "tester", at: now)
            #expect(first.matched == 3 && first.added == 1 && first.unchanged == 0 && first.documentsAdded == 1)
            let again = try await store.importUNExport(rows, by: "tester", at: now)
            #expect(again == UNExternalImportOutcome(matched: 0, added: 0, unchanged: 4, documentsAdded: 0))

            let after = try await store.unRecommendations()
            #expect(after.count == before.count + 1)
            // A position the recommendation already had is not appended again.
            #expect(
                after.filter { $0.symbol == upr.symbol }.map(\.responses.count)
                    == before.filter {
                        $0.symbol == upr.symbol
                    }.map(\.responses.count))
            let kidnapping = try #require(after.first { $0.recommendation.text.hasPrefix("Put an end to kidnapping") })
            #expect(kidnapping.recommendation.number == "91.24")
            #expect(try await store.unExternalListings(of: kidnapping.id).map(\.source) == [.uhri])
            let fate = try #require(
                after.first { $0.recommendation.text.hasPrefix("Provide detailed information on the fate") })
            #expect(fate.symbol.description == "A/80/150" && fate.recommendation.number == "51(a)")
            let added = try #require(after.first { $0.symbol.description == "A/HRC/99/7" })
            #expect(added.recommendation.number == "2.4" && added.recommendation.recommendingStates == ["France"])
            #expect(
                added.position == .supported && added.responses.first?.response.source == "A/HRC/99/7/Add.1 - Para.3")
            let listing = try #require(try await store.unExternalListings(of: added.id).first)
            #expect(listing.details["sdgs"] == "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS")
            #expect(try await store.unDocuments().first { $0.symbol.description == "A/HRC/99/7" }?.paragraphs == 0)

            // UPR Info's rows name the State and cycle, not the report: they need the report's symbol.
            let unplaced = try UNDatabaseExport.read(
                try Self.fixture("upr-info-export-sample.csv"), source: .uprInfo, symbol: nil)
            await #expect(throws: StoreError.self) { try await store.importUNExport(unplaced, by: "tester", at: now) }
            let placed = try UNDatabaseExport.read(
                try Self.fixture("upr-info-export-sample.csv"), source: .uprInfo, symbol: UNSymbol("A/HRC/13/13"))
            let fromUPRInfo = try await store.importUNExport(placed, by: "tester", at: now)
            #expect(fromUPRInfo.matched == 2 && fromUPRInfo.added == 0)
            #expect(try await store.unExternalListings(of: kidnapping.id).map(\.source) == [.uhri, .uprInfo])
            #expect(try await store.importUNExport(placed, by: "tester", at: now).unchanged == 2)
            #expect(try await store.unRecommendations().count == after.count)
        }
    }

    @Test(
        "a document first known only from an export is filled in by its text; what hung from its listed recommendations stays"
    )
    func textFillsInAListedDocument() async throws {
        try await TestDatabase.withStore { store in
            let now = Date(timeIntervalSince1970: 2_000_000_000)
            let rows = try UNDatabaseExport.read(try Self.fixture("uhri-export-sample.csv"), source: .uhri, symbol: nil)
            _ = try await store.importUNExport(rows, by: "tester", at: now)
            let listed = try await store.unRecommendations(UNRecommendationFilter(symbol: UNSymbol("A/HRC/13/13")))
            #expect(listed.count == 2)
            #expect(try await store.unDocuments().first { $0.symbol.description == "A/HRC/13/13" }?.paragraphs == 0)
            let kidnappingID = try #require(
                listed.first { $0.recommendation.text.hasPrefix("Put an end to kidnapping") }?.id)
            #expect(listed.first { $0.id == kidnappingID }?.recommendation.number != "91.24")

            let upr = try Self.document("upr-dprk-2010-working-group-report.txt", "A/HRC/13/13")
            #expect(try await store.saveUNDocument(upr, contentSHA256: "upr", by: "tester", at: now) == .imported)
            let summary = try #require(try await store.unDocuments().first { $0.symbol.description == "A/HRC/13/13" })
            #expect(summary.paragraphs == upr.paragraphs.count && summary.recommendations == 167)
            #expect(summary.title == upr.title && summary.kind == .uprWorkingGroupReport)
            let filled = try await store.unRecommendations(UNRecommendationFilter(symbol: UNSymbol("A/HRC/13/13")))
            #expect(filled.count == 167)
            let kidnapping = try #require(filled.first { $0.id == kidnappingID })
            #expect(kidnapping.recommendation.number == "91.24" && kidnapping.recommendation.paragraph == 91)
            #expect(kidnapping.recommendation.recommendingStates == ["Chile"])
            // The database's listing and the position it gave stay, beside the report's own.
            #expect(try await store.unExternalListings(of: kidnappingID).map(\.source) == [.uhri])
            #expect(kidnapping.responses.map(\.response.stage).contains(.workingGroupReport))
            #expect(kidnapping.responses.contains { $0.response.note == "as listed by UHRI" })

            #expect(try await store.saveUNDocument(upr, contentSHA256: "upr", by: "tester", at: now) == .unchanged)
            await #expect(throws: StoreError.self) {
                try await store.saveUNDocument(upr, contentSHA256: "another text", by: "tester", at: now)
            }
            // Rows imported again after the text change nothing.
            #expect(try await store.importUNExport(rows, by: "tester", at: now).unchanged == 4)
        }
    }
}
