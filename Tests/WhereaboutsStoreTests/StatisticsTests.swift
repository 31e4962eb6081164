import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsTestSupport

@testable import WhereaboutsStore

@Suite("statistics for publication")
struct StatisticsTests {
    @Test("acts are counted once, under their top-level type; persons once, by the set of their nationalities")
    func nonOverlapping() async throws {
        try await TestDatabase.withStore { store in
            let writer = Writer.operatorWriter()
            let event = try await store.create(Event(title: "Abductions"), by: writer)
            // 7 abductions and 2 enforced disappearances (both under "abduction and enforced
            // disappearance"), 12 acts of forced labour (under "forced labour abroad").
            let types =
                Array(repeating: "abduction", count: 7) + ["enforced-disappearance", "enforced-disappearance"]
                + Array(repeating: "forced-labour", count: 12)
            for (index, type) in types.enumerated() {
                let nationalities = index < 2 ? ["KP", "KR"] : index < 4 ? ["JP"] : ["KR"]
                let person = try await store.create(
                    Person(names: [NameForm(full: "P\(index)")], nationalities: nationalities), by: writer)
                _ = try await store.create(Act(eventID: event.id, victimID: person.id, type: type), by: writer)
            }
            let byType = try await store.categoryCounts(by: .violationType, access: .operatorAccess)
            #expect(
                byType.map { "\($0.label)=\($0.count)" } == [
                    "Forced labour abroad=12", "International abduction and enforced disappearance=9",
                ])
            #expect(byType.map(\.count).reduce(0, +) == types.count)
            let byNationality = try await store.categoryCounts(by: .nationality, access: .operatorAccess)
            #expect(byNationality.map { "\($0.label)=\($0.count)" } == ["JP=2", "KP+KR=2", "KR=17"])
            #expect(byNationality.map(\.count).reduce(0, +) == types.count)

            // Published: neither the 2 disappearances nor anything else can be had by subtraction.
            let table = SmallCells.publish(byType, threshold: 5)
            #expect(table.total == types.count)
            #expect(table.cells.allSatisfy { !$0.suppressed })
        }
    }

    @Test("counts are of what the reader may see")
    func visibility() async throws {
        try await TestDatabase.withStore { store in
            let event = try await store.create(Event(title: "e"), by: .operatorWriter())
            let person = try await store.create(Person(names: [NameForm(full: "p")]), by: .operatorWriter())
            _ = try await store.create(
                Act(eventID: event.id, victimID: person.id, type: "abduction"), by: .operatorWriter())
            let nobody = RecordAccess(compartments: [], seesIdentities: false)
            #expect(try await store.categoryCounts(by: .violationType, access: nobody).isEmpty)
            #expect(try await store.categoryCounts(by: .violationType, access: .operatorAccess).count == 1)
        }
    }
}
