import Foundation
import Testing
import WhereaboutsDocuments
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("UN documents and the responses to their recommendations")
struct UNDocumentStoreTests {
    static let states = ["Chile", "France", "Japan", "Republic of Korea", "Brazil", "Islamic Republic of Iran"]

    /// A UPR working-group report in the later cycles' form (`124.1 … (State);`), made here so the
    /// reader is checked on a text it was not built on: `count` recommendations to be examined.
    static func uprReport(_ count: Int, symbol: String = "A/HRC/99/7") -> (UNDocument, String) {
        var text = """
            United Nations A/HRC/99/7 General Assembly Distr.: General 3 March 2031 Original: English
            Human Rights Council Ninety-ninth session Report of the Working Group on the Universal Periodic Review*
            Democratic People’s Republic of Korea
            I. Summary of the proceedings
            1. The Working Group held its review on 1 February 2031.
            II. Conclusions and/or recommendations
            2. The following recommendations will be examined by the Democratic People’s Republic of Korea, which will provide responses in due time:

            """
        for number in 1...count {
            text +=
                "2.\(number) Take measure number \(number) on abductions and families (\(states[number % states.count]));\n"
        }
        text +=
            "3. All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s).\n"
        let document = UNDocumentReader.read(text, symbol: UNSymbol(symbol)!)
        return (document, String(text.hashValue))
    }

    @Test("a report in the later form gives its recommendations; importing it twice changes nothing")
    func importing() async throws {
        try await TestDatabase.withStore { store in
            let (document, hash) = Self.uprReport(117)
            #expect(document.recommendations.count == 117)
            #expect(document.recommendations.first?.number == "2.1")
            #expect(document.recommendations.first?.recommendingStates == ["France"])
            #expect(document.recommendations[4].recommendingStates == ["Iran (Islamic Republic of)"])
            let now = Date(timeIntervalSince1970: 2_000_000_000)
            #expect(try await store.saveUNDocument(document, contentSHA256: hash, by: "tester", at: now) == .imported)
            #expect(try await store.saveUNDocument(document, contentSHA256: hash, by: "tester", at: now) == .unchanged)
            await #expect(throws: StoreError.self) {
                try await store.saveUNDocument(document, contentSHA256: "another text", by: "tester", at: now)
            }
            let held = try #require(try await store.unDocument(document.symbol))
            #expect(held == document)
            let tracked = try await store.unRecommendations(UNRecommendationFilter(symbol: document.symbol))
            #expect(tracked.count == 117)
            #expect(tracked.allSatisfy { $0.themes.contains("abductions") && $0.themes.contains("families") })
            #expect(try await store.unRecommendations(UNRecommendationFilter(state: "France")).count == 20)
        }
    }

    @Test("a documented sequence of responses: the tracker's counts follow it on each day")
    func replay() async throws {
        try await TestDatabase.withStore { store in
            let (document, hash) = Self.uprReport(117)
            let now = Date(timeIntervalSince1970: 2_000_000_000)
            _ = try await store.saveUNDocument(document, contentSHA256: hash, by: "tester", at: now)
            let symbol = document.symbol
            // The addendum, three months later: 81 accepted, 6 partially (two clauses answered apart),
            // 15 rejected, 15 noted.
            for number in 1...117 {
                let id = "2.\(number)"
                func respond(_ position: UNPosition, clause: String? = nil) async throws {
                    try await store.recordUNResponse(
                        UNResponse(
                            stage: .addendum, position: position, clause: clause, date: "2031-06-10",
                            source: "A/HRC/99/7/Add.1, para. 3"),
                        symbol: symbol, number: id, by: "tester", at: now)
                }
                switch number {
                case 1...81: try await respond(.supported)
                case 82...87:
                    try await respond(.supported, clause: "first part")
                    try await respond(.noted, clause: "second part")
                case 88...102: try await respond(.rejected)
                default: try await respond(.noted)
                }
            }
            #expect(try await store.unPositionCounts(on: "2031-03-02").isEmpty)
            #expect(try await store.unPositionCounts(on: "2031-03-03") == [.pending: 117])
            #expect(try await store.unPositionCounts(on: "2031-06-09") == [.pending: 117])
            let after = try await store.unPositionCounts(on: "2031-06-10")
            #expect(after == [.supported: 81, .partiallySupported: 6, .rejected: 15, .noted: 15])
            #expect(try await store.unPositionCounts() == after)
            // The history is kept whole: the first response of every recommendation is still the report's.
            let tracked = try await store.unRecommendations(UNRecommendationFilter(symbol: symbol))
            #expect(tracked.allSatisfy { $0.responses.first?.response.position == .pending })
            #expect(tracked[83].responses.count == 3)
            await #expect(throws: StoreError.self) {
                try await store.recordUNResponse(
                    UNResponse(stage: .plenary, position: .supported, date: "2031-09-01"), symbol: symbol,
                    number: "2.999", by: "tester", at: now)
            }
            await #expect(throws: StoreError.self) {
                try await store.recordUNResponse(
                    UNResponse(stage: .plenary, position: .supported, date: "1 September 2031"), symbol: symbol,
                    number: "2.1", by: "tester", at: now)
            }
        }
    }
}
