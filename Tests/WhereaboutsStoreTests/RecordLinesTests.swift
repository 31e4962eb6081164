import Foundation
import Synchronization
import Testing
import WhereaboutsCore
import WhereaboutsDemo
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("JSON Lines export and import")
struct RecordLinesTests {
    @Test("every record exported from one store imports into another with its id and body")
    func roundTrip() async throws {
        let exported = try await TestDatabase.withStore { source in
            try await source.createAll(
                DemoDataSet(events: 8, personsPerEvent: 2, seed: 3).records(), by: .operatorWriter(actor: "demo"))
            let lines = LinesCollector()
            try await source.stream(
                [
                    .source, .organisation, .person, .event, .act, .involvement, .information, .intervention,
                    .eventLink,
                    .cyberIncident, .indicator, .sighting,
                    .eligibilityRules, .claim, .reparationDecision, .reparationMeasure,
                ],
                access: .operatorAccess
            ) { batch in
                let encoder = JSONEncoder()
                for record in batch { lines.add(try encoder.encode(record)) }
            }
            return (lines.data, try await source.counts(access: .operatorAccess))
        }
        try await TestDatabase.withStore { target in
            let records = try RecordLines.read(exported.0, vocabulary: target.vocabularyIndex).records
            try await target.createAll(records, by: .operatorWriter(actor: "import"))
            #expect(try await target.counts(access: .operatorAccess) == exported.1)
            let first = try #require(records.first)
            #expect(type(of: try await target.get(first.id, access: .operatorAccess).body) == type(of: first.body))
        }
    }

    @Test("bad lines are reported with their numbers and field paths")
    func badLines() throws {
        let text = """
            {"kind":"event","data":{"title":"Fine"}}
            {"kind":"event","data":{"title":"","places":[{"country":"XX"}]}}
            not json
            {"kind":"planet","data":{}}

            {"kind":"act","data":{"eventID":"0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e01"}}
            """
        do {
            _ = try RecordLines.read(Data(text.utf8), vocabulary: VocabularyIndex(BuiltInVocabulary.terms))
            Issue.record("bad lines were accepted")
        } catch {
            #expect(error.issues.map(\.line) == [2, 2, 3, 4, 6])
            #expect(error.issues.prefix(2).compactMap(\.path) == ["/data/title", "/data/places/0/country"])
        }
    }
}

/// Collects exported lines from the store's batch callback.
final class LinesCollector: Sendable {
    private let storage = Synchronization.Mutex(Data())
    func add(_ line: Data) {
        storage.withLock {
            $0.append(line); $0.append(0x0A)
        }
    }
    var data: Data { storage.withLock { $0 } }
}
