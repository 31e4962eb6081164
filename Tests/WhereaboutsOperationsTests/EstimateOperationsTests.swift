import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsEstimation
import WhereaboutsOperations
import WhereaboutsStore

/// Estimates from the store's linked persons (decision 0028), tried as an attacker would: another
/// desk's records must not count, decisions must not carry what a reader may not see, and too few
/// lists must give no number.
@Suite("estimates from the store", .serialized)
struct EstimateOperationsTests {
    /// One desk's case: a source per list type, an event, and per person the acts citing the lists
    /// the person is on.
    struct Desk {
        var sources: [Source.SourceType: RecordID] = [:]
        var event = RecordID()
        var records: SQLRecordStore.NewRecords = []

        init(_ name: String, lists: [Source.SourceType]) {
            records.append((event, Event(title: "Case of desk \(name)")))
            for list in lists {
                let id = RecordID()
                sources[list] = id
                records.append((id, Source(type: list, title: "\(name) \(list.rawValue)")))
            }
        }

        /// A victim on `lists`, one act per list; returns the person's id.
        @discardableResult
        mutating func victim(
            on lists: [Source.SourceType], sex: Person.Sex? = nil, person existing: RecordID? = nil
        ) -> RecordID {
            let person = existing ?? RecordID()
            if existing == nil { records.append((person, Person(names: [NameForm(full: "P")], sex: sex))) }
            for list in lists {
                records.append(
                    (RecordID(), Act(eventID: event, victimID: person, type: "abduction", sourceIDs: [sources[list]!])))
            }
            return person
        }
    }

    static let deskAViewer = RecordAccess(compartments: ["desk-a"], seesIdentities: false)

    /// Desk A: 40 persons over three types of list; desk B: its own 30 persons on four types, and
    /// acts of its own on ten of desk A's persons, citing its own sources.
    static func twoDesks(_ fixture: OperationsFixture) async throws -> (a: [Set<String>], shared: [RecordID]) {
        _ = try await fixture.accounts.createCompartment(id: "desk-a", name: "Desk A")
        _ = try await fixture.accounts.createCompartment(id: "desk-b", name: "Desk B")
        let types: [Source.SourceType] = [.governmentList, .testimony, .mediaReport]
        var a = Desk("A", lists: types)
        var listsOfA: [Set<String>] = []
        var persons: [RecordID] = []
        for index in 0..<40 {
            let on = types.indices.filter { (index % 7 + 1) & (1 << $0) != 0 }.map { types[$0] }
            persons.append(a.victim(on: on))
            listsOfA.append(Set(on.map(\.rawValue)))
        }
        try await fixture.store.createAll(a.records, by: .operatorWriter(compartments: ["desk-a"]))
        var b = Desk("B", lists: types + [.document])
        for index in 0..<30 { b.victim(on: [.document, types[index % 3]]) }
        for person in persons.prefix(10) { b.victim(on: [.document, .testimony], person: person) }
        try await fixture.store.createAll(b.records, by: .operatorWriter(compartments: ["desk-b"]))
        return (listsOfA, Array(persons.prefix(10)))
    }

    @Test(
        "a viewer of desk A gets the overlap table and estimate of desk A's records only: the same hash as a table of A's records alone"
    )
    func deskAOnly() async throws {
        try await OperationsFixture.with { fixture in
            let (expectedPersons, _) = try await Self.twoDesks(fixture)
            let operations = EstimateOperations(store: fixture.store, audit: fixture.audit)
            let expected = try OverlapTable(
                lists: ["government-list", "media-report", "testimony"], persons: expectedPersons)
            let overlap = try await operations.overlap(OverlapQuery(lists: .sourceType), access: Self.deskAViewer)
            let table = try overlap.whole.table.get()
            #expect(table.counts == expected.counts && table.lists == expected.lists)
            #expect(table.hash == expected.hash)
            #expect(overlap.whole.observed == 40)
            let result = try await operations.estimate(
                OverlapQuery(lists: .sourceType), EstimationRequest(), by: "viewer", access: Self.deskAViewer,
                from: .cli)
            #expect(result.whole.estimate.tableHash == expected.hash)
            #expect(result.whole.estimate.observed == 40)
            #expect(!result.whole.estimate.lists.contains("document"))
            // The operator sees both desks: B's persons and B's list count.
            let everything = try await operations.overlap(OverlapQuery(lists: .sourceType), access: .operatorAccess)
            #expect(everything.whole.observed == 70 && everything.whole.lists.contains("document"))
            // The read is audited, with the table's hash and never a count.
            let entries = try await fixture.audit.entries(action: .statisticsRead)
            #expect(entries.count == 1)
            #expect(entries.first?.event.actor == "viewer" && entries.first?.event.details["table"] == expected.hash)
            #expect(entries.first?.event.details.values.contains("40") == false)
        }
    }

    @Test(
        "reviewers' decisions link persons: 'same' merges, 'different' keeps apart even through others, and a decision on a record the reader may not see is not followed"
    )
    func decisionsLinkPersons() async throws {
        try await OperationsFixture.with { fixture in
            _ = try await fixture.accounts.createCompartment(id: "desk-a", name: "Desk A")
            _ = try await fixture.accounts.createCompartment(id: "desk-b", name: "Desk B")
            var desk = Desk("A", lists: [.governmentList, .testimony, .mediaReport])
            let x = desk.victim(on: [.governmentList])
            let y = desk.victim(on: [.testimony])
            let z = desk.victim(on: [.mediaReport])
            let w = desk.victim(on: [.testimony])
            let v = desk.victim(on: [.governmentList])
            try await fixture.store.createAll(desk.records, by: .operatorWriter(compartments: ["desk-a"]))
            var other = Desk("B", lists: [.governmentList])
            let hidden = other.victim(on: [.governmentList])
            try await fixture.store.createAll(other.records, by: .operatorWriter(compartments: ["desk-b"]))
            // x = y, y = z but x ≠ z (so y = z is not applied), w = hidden (hidden from desk A), and
            // x = v although both are on the government list (which names a person once).
            let pairs = [
                (x, y, MatchProposal.Status.same), (x, z, .different), (y, z, .same), (w, hidden, .same), (x, v, .same),
            ]
            _ = try await fixture.store.propose(
                pairs.map { NewMatch($0.0, $0.1, origin: .link, probability: 0.9, weight: 5, reasons: []) },
                at: fixture.clock.date)
            let queued = try await fixture.store.matchProposals(access: .operatorAccess, limit: 500)
            for (a, b, status) in pairs {
                let id = try #require(queued.first { Set([$0.recordA, $0.recordB]) == Set([a, b]) }?.id)
                _ = try await fixture.store.decide(
                    id, status: status, by: "ana", access: .operatorAccess, at: fixture.clock.date)
            }
            let operations = EstimateOperations(store: fixture.store, audit: fixture.audit)
            let overlap = try await operations.overlap(OverlapQuery(lists: .sourceType), access: Self.deskAViewer)
            // {x, y, v} on government list and testimony; z on media reports; w on testimony.
            let expected = try OverlapTable(
                lists: ["government-list", "media-report", "testimony"],
                persons: [["government-list", "testimony"], ["media-report"], ["testimony"]])
            #expect(try overlap.whole.table.get() == expected)
            #expect(overlap.decisionsApplied == 2 && overlap.decisionsInConflict == 1)
            #expect(overlap.personsListedTwice == 1)  // {x, y, v}: the government list holds x and v
            // The operator sees w = hidden: w's testimony and hidden's government list are one person.
            let all = try await operations.overlap(OverlapQuery(lists: .sourceType), access: .operatorAccess)
            #expect(all.whole.observed == 3 && all.decisionsApplied == 3 && all.personsListedTwice == 1)
        }
    }

    @Test("a stratum whose persons are on fewer than three lists is not estimable; strata add up to the whole")
    func strataWithTooFewLists() async throws {
        try await OperationsFixture.with { fixture in
            var desk = Desk("A", lists: [.governmentList, .testimony, .mediaReport])
            for index in 0..<60 {
                desk.victim(on: index % 3 == 0 ? [.governmentList, .testimony] : [.testimony], sex: .female)
                desk.victim(
                    on: [
                        [.governmentList], [.testimony, .mediaReport], [.mediaReport], [.governmentList, .testimony],
                    ][
                        index % 4], sex: .male)
            }
            try await fixture.store.createAll(desk.records, by: .operatorWriter())
            let operations = EstimateOperations(store: fixture.store, audit: fixture.audit)
            let result = try await operations.estimate(
                OverlapQuery(lists: .sourceType, strata: .sex), EstimationRequest(), by: "cli", access: .operatorAccess,
                from: .cli)
            let female = try #require(result.strata.first { $0.stratum == "female" })
            let male = try #require(result.strata.first { $0.stratum == "male" })
            #expect(female.estimate.status == .notEstimable && female.estimate.estimate == nil)
            #expect(female.estimate.reason?.contains("2 lists") == true)
            #expect(male.estimate.status == .estimated && male.estimate.lists.count == 3)
            #expect(result.strata.map(\.estimate.observed).reduce(0, +) == result.whole.estimate.observed)
            let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            #expect(json.contains("\"strata\"") && json.contains("\"stratum\":\"female\""))
        }
    }

    @Test("the same records, decisions, seed and settings give the same figures")
    func reproducible() async throws {
        try await OperationsFixture.with { fixture in
            var desk = Desk("A", lists: [.governmentList, .testimony, .mediaReport])
            for index in 0..<90 {
                let lists: [Source.SourceType] = [.governmentList, .testimony, .mediaReport]
                desk.victim(on: lists.indices.filter { (index % 7 + 1) & (1 << $0) != 0 }.map { lists[$0] })
            }
            try await fixture.store.createAll(desk.records, by: .operatorWriter())
            let operations = EstimateOperations(store: fixture.store, audit: fixture.audit)
            var request = EstimationRequest(method: .latentClass)
            request.latentClass = LatentClassSettings(burnIn: 200, samples: 200, thinning: 2, seed: 7)
            let first = try await operations.estimate(
                OverlapQuery(), request, by: "cli", access: .operatorAccess, from: .cli)
            let second = try await operations.estimate(
                OverlapQuery(), request, by: "cli", access: .operatorAccess, from: .cli)
            #expect(first.whole.estimate == second.whole.estimate)
            #expect(first.whole.estimate.seed == 7)
            // The same figures from the table alone, outside the store.
            let table = try #require(first.whole.table)
            #expect(try Estimator.estimate(table, request) == first.whole.estimate)
        }
    }
}
