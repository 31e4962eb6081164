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
            // The mid-term report assesses what was accepted: of the 81, 30 partly and 11 fully
            // implemented by 2033, 11 more fully by 2035; nothing is assessed before its day.
            for number in 1...52 {
                let implementation: UNImplementation = number <= 30 ? .partial : .full
                try await store.recordUNAssessment(
                    UNAssessment(implementation: implementation, date: "2033-05-01", assessedBy: "mid-term report"),
                    symbol: symbol, number: "2.\(number)", by: "tester", access: .operatorAccess, at: now)
            }
            for number in 31...41 {
                try await store.recordUNAssessment(
                    UNAssessment(implementation: .none, date: "2033-05-01", assessedBy: "an NGO"),
                    symbol: symbol, number: "2.\(number)", by: "tester", access: .operatorAccess, at: now)
            }
            func counts(_ day: String?, _ filter: UNRecommendationFilter = .init()) async throws -> UNTrackerCounts {
                UNTrackerCounts(try await store.unRecommendations(filter, on: day))
            }
            #expect(try await counts("2033-04-30").byImplementation == [UNImplementation.notAssessed: 117])
            // On one day the later entry stands: 2.31–2.41 were recorded full, then none.
            #expect(
                try await counts("2033-05-01").byImplementation == [
                    "partial": 30, "full": 11, "none": 11, UNImplementation.notAssessed: 65,
                ])
            for number in 42...52 {
                try await store.recordUNAssessment(
                    UNAssessment(implementation: .none, date: "2035-01-01", assessedBy: "an NGO"),
                    symbol: symbol, number: "2.\(number)", by: "tester", access: .operatorAccess, at: now)
            }
            #expect(try await counts("2034-12-31").byImplementation["full"] == 11)
            #expect(
                try await counts(nil).byImplementation == ["partial": 30, "none": 22, UNImplementation.notAssessed: 65])
            let supportedAndNone = try await counts(
                nil, UNRecommendationFilter(symbol: symbol, position: .supported, implementation: "none"))
            #expect(supportedAndNone.byPosition == [.supported: 22])
            #expect(
                try await store.unRecommendations(UNRecommendationFilter(implementation: UNImplementation.notAssessed))
                    .count == 65)
            let assessed = try await store.unAssessments(symbol: symbol, number: "2.42", access: .operatorAccess)
            #expect(assessed.map(\.implementation) == [.full, .none])
            await #expect(throws: StoreError.self) {
                try await store.recordUNAssessment(
                    UNAssessment(implementation: .full, date: "2035", assessedBy: "an NGO"), symbol: symbol,
                    number: "2.1", by: "tester", access: .operatorAccess, at: now)
            }
            await #expect(throws: StoreError.self) {
                try await store.recordUNAssessment(
                    UNAssessment(implementation: .full, date: "2035-01-01", assessedBy: "  "), symbol: symbol,
                    number: "2.1", by: "tester", access: .operatorAccess, at: now)
            }
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
