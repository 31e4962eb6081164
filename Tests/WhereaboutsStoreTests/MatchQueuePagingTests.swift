import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsStore
import WhereaboutsTestSupport

/// The review queue, page after page (keyset paging, issue 21): every proposal the reader may see
/// comes once, in order, and nothing they may not see comes at all, whatever the page size.
@Suite("review queue paging")
struct MatchQueuePagingTests {
    /// 120 persons, half in `general` and half in `partner`, and 600 proposals among them with tied
    /// probabilities (0.4 and 0.6 are as uncertain), some from tracing requests, some decided.
    static func queue(_ store: SQLRecordStore) async throws -> (general: Set<RecordID>, partner: Set<RecordID>) {
        let accounts = AccountStore(database: store.database, clock: { Date() }, hasher: .testing)
        _ = try await accounts.createCompartment(id: "partner", name: "Partner lists")
        let general: SQLRecordStore.NewRecords = (0..<60).map {
            (RecordID(), Person(names: [NameForm(full: "Kim \($0)")]))
        }
        let partner: SQLRecordStore.NewRecords = (0..<60).map {
            (RecordID(), Person(names: [NameForm(full: "Lee \($0)")]))
        }
        try await store.createAll(general, by: .operatorWriter(compartments: ["general"]))
        try await store.createAll(partner, by: .operatorWriter(compartments: ["partner"]))
        let ids = general.map(\.id) + partner.map(\.id)
        var matches: [NewMatch] = []
        for i in ids.indices {
            for j in [1, 2, 3, 5, 8] {
                matches.append(
                    NewMatch(
                        ids[i], ids[(i + j) % ids.count], origin: (i + j) % 5 == 0 ? .tracing : .link,
                        probability: Double((i * 37 + j * 11) % 21) / 20, weight: 0, reasons: []))
            }
        }
        _ = try await store.propose(matches, at: Date())
        let stored = try await store.database.read { db in
            try await db.raw("SELECT id FROM match_proposals ORDER BY id").all(decodingColumn: "id", as: Int.self)
        }
        // Decisions at a few distinct times, so the decided lists have ties broken by id.
        for (index, id) in stored.enumerated() where index % 6 == 0 {
            _ = try await store.decide(
                id, status: index % 12 == 0 ? .different : .same, by: "ana", access: .operatorAccess,
                at: Date(timeIntervalSince1970: 1_700_000_000 + Double(index % 5) * 60))
        }
        return (Set(general.map(\.id)), Set(partner.map(\.id)))
    }

    /// Every proposal, as stored, for the expected orders.
    static func stored(_ store: SQLRecordStore) async throws -> [MatchProposal] {
        var all: [MatchProposal] = []
        for status in MatchProposal.Status.allCases {
            var after: Int?
            while true {
                let page = try await store.matchProposals(
                    statuses: [status], access: .operatorAccess, limit: 500, after: after)
                all += page
                after = page.last?.id
                if page.count < 500 { break }
            }
        }
        return all
    }

    /// Every page of a list, `size` at a time.
    static func pages(
        _ store: SQLRecordStore, statuses: Set<MatchProposal.Status>, origin: MatchProposal.Origin? = nil,
        access: RecordAccess, size: Int
    ) async throws -> [Int] {
        var ids: [Int] = []
        while true {
            let page = try await store.matchProposals(
                statuses: statuses, origin: origin, access: access, limit: size, after: ids.last)
            ids += page.map(\.id)
            if page.count < size { return ids }
        }
    }

    @Test("every page of the queue and of the decided lists: each visible proposal once, in order, nothing hidden")
    func pagesEveryVisibleProposalOnce() async throws {
        try await TestDatabase.withStore { store in
            let (general, partner) = try await Self.queue(store)
            let all = try await Self.stored(store)
            #expect(Set(all.map(\.id)).count == all.count && all.count > 500)
            let readers: [(RecordAccess, (MatchProposal) -> Bool)] = [
                (.operatorAccess, { _ in true }),
                (
                    RecordAccess(compartments: ["general"], seesIdentities: true),
                    { general.contains($0.recordA) && general.contains($0.recordB) }
                ),
                (
                    RecordAccess(compartments: ["partner"], seesIdentities: true),
                    { partner.contains($0.recordA) && partner.contains($0.recordB) }
                ),
                (RecordAccess(compartments: ["general", "partner"], seesIdentities: true), { _ in true }),
            ]
            let lists: [(Set<MatchProposal.Status>, MatchProposal.Origin?)] = [
                ([.proposed, .unsure], nil), ([.proposed, .unsure], .tracing), ([.proposed, .unsure], .link),
                ([.same], nil), ([.different], nil),
            ]
            for (access, visible) in readers {
                for (statuses, origin) in lists {
                    let expected = all.filter {
                        statuses.contains($0.status) && (origin == nil || $0.origin == origin) && visible($0)
                    }.sorted { x, y in
                        if statuses.contains(.proposed) {
                            let (ux, uy) = (abs(x.probability - 0.5), abs(y.probability - 0.5))
                            return ux != uy ? ux < uy : x.id < y.id
                        }
                        return x.decidedAt! != y.decidedAt! ? x.decidedAt! > y.decidedAt! : x.id > y.id
                    }.map(\.id)
                    #expect(!expected.isEmpty)
                    for size in [1, 7, 20] {
                        let paged = try await Self.pages(
                            store, statuses: statuses, origin: origin, access: access, size: size)
                        #expect(paged == expected, "\(statuses) \(String(describing: origin)) by \(size)")
                    }
                }
            }
        }
    }

    @Test("a page after a proposal the reader may not see, or one that is gone, is empty")
    func afterHiddenIsEmpty() async throws {
        try await TestDatabase.withStore { store in
            let (general, _) = try await Self.queue(store)
            let reader = RecordAccess(compartments: ["general"], seesIdentities: true)
            let hidden = try #require(
                try await Self.stored(store).first {
                    $0.status == .proposed && !(general.contains($0.recordA) && general.contains($0.recordB))
                })
            #expect(try await store.matchProposals(access: reader, after: hidden.id).isEmpty)
            #expect(try await !store.matchProposals(access: .operatorAccess, after: hidden.id).isEmpty)
            #expect(try await store.matchProposals(access: .operatorAccess, after: 1_000_000).isEmpty)
            let pseudonymous = RecordAccess(compartments: nil, seesIdentities: false)
            #expect(try await store.matchProposals(access: pseudonymous).isEmpty)
        }
    }
}
