import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

@Suite("match use-cases")
struct MatchOperationsTests {
    /// Two persons in `compartment` and the proposal that they are one.
    private func proposal(_ fixture: OperationsFixture, compartment: String = "general") async throws -> (
        Int, [RecordID]
    ) {
        let writer = Writer.operatorWriter(compartments: [compartment])
        let a = try await fixture.store.create(Person(names: [NameForm(full: "Kim Young-hee")]), by: writer).id
        let b = try await fixture.store.create(Person(names: [NameForm(full: "김영희")]), by: writer).id
        _ = try await fixture.store.propose(
            [NewMatch(a, b, origin: .link, probability: 0.6, weight: 1, reasons: [])], at: fixture.clock.date)
        let id = try #require(try await fixture.store.matchProposals(access: .operatorAccess).first).id
        return (id, [a, b].sorted())
    }

    @Test("a decision is audited with who decided what about which records, and undone when the entry fails")
    func decisionIsAtomicWithItsEntry() async throws {
        try await OperationsFixture.with { fixture in
            let operations = MatchOperations(store: fixture.store, audit: fixture.audit, clock: fixture.clock.function)
            let (id, records) = try await proposal(fixture)
            let reviewer = try #require(Reviewer(account: try await fixture.account("ana", role: .analyst)))
            let decided = try await operations.decide(id, status: .same, by: reviewer, from: .init(via: "test"))
            #expect(decided.status == .same && decided.decidedBy == "ana")
            let entry = try #require(try await fixture.audit.entries(action: .matchDecided).first).event
            #expect(entry.actor == "ana" && entry.target == "match/\(id)")
            #expect(entry.details["decision"] == "same")
            #expect(entry.details["records"] == records.map(\.description).joined(separator: " "))

            try await fixture.breakAuditChain()
            await #expect(throws: StoreError.self) {
                try await operations.decide(id, status: .different, by: reviewer, from: .init(via: "test"))
            }
            #expect(try await fixture.store.matchProposal(id, access: .operatorAccess)?.status == .same)
            #expect(try await fixture.store.matchDecisions(id).map(\.status) == [.same])
        }
    }

    @Test(
        "a reviewer who cannot see both records finds no such proposal; an account without the permission is no reviewer"
    )
    func refusedReviewers() async throws {
        try await OperationsFixture.with { fixture in
            let operations = MatchOperations(store: fixture.store, audit: fixture.audit)
            _ = try await fixture.accounts.createCompartment(id: "elsewhere", name: "Elsewhere")
            let (id, _) = try await proposal(fixture, compartment: "elsewhere")
            let outsider = try #require(Reviewer(account: try await fixture.account("ana", role: .analyst)))
            await #expect(throws: StoreError.self) {
                try await operations.decide(id, status: .same, by: outsider, from: .init(via: "test"))
            }
            #expect(try await fixture.store.matchProposal(id, access: .operatorAccess)?.status == .proposed)
            let noEntries = try await fixture.audit.entries(action: .matchDecided).isEmpty
            #expect(noEntries)
            #expect(Reviewer(account: try await fixture.account("doc", role: .documenter)) == nil)
        }
    }

    @Test("proposals and their audit entry commit together")
    func proposalsAreAtomicWithTheirEntry() async throws {
        try await OperationsFixture.with { fixture in
            let operations = MatchOperations(store: fixture.store, audit: fixture.audit)
            let writer = Writer.operatorWriter()
            let a = try await fixture.store.create(Person(names: [NameForm(full: "Kim")]), by: writer).id
            let b = try await fixture.store.create(Person(names: [NameForm(full: "김")]), by: writer).id
            let c = try await fixture.store.create(Person(names: [NameForm(full: "Gim")]), by: writer).id
            let first = NewMatch(a, b, origin: .link, probability: 0.6, weight: 1, reasons: [])
            let outcome = try await operations.propose([first], amongPersons: 3, by: "cli:op", from: .cli)
            #expect(outcome.added == 1)
            let entry = try #require(try await fixture.audit.entries(action: .matchesProposed).first).event
            #expect(entry.actor == "cli:op" && entry.target == "persons" && entry.details["added"] == "1")

            try await fixture.breakAuditChain()
            let second = NewMatch(a, c, origin: .tracing, probability: 0.3, weight: -1, reasons: [])
            await #expect(throws: StoreError.self) {
                try await operations.propose([second], amongPersons: 3, by: "cli:op", from: .cli)
            }
            #expect(try await fixture.store.matchProposals(access: .operatorAccess).count == 1)
        }
    }
}
