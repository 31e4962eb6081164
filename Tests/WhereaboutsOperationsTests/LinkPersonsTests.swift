import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// `link` over the store at a few thousand persons (issue 21): the queue it fills, and what
/// reviewers' decisions do to the next run.
@Suite("linking the store's persons", .serialized)
struct LinkPersonsTests {
    /// The first `count` persons of the Korean and Japanese development set, as a list would record
    /// them: name, sex and birth date as written (a date the store cannot read is left out), never
    /// the truth columns.
    static func persons(_ count: Int) throws -> SQLRecordStore.NewRecords {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WhereaboutsLinkageTests/Fixtures/cjk_names_dev.csv").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.prefix(count).map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let sex: Person.Sex? = cells[4] == "F" ? .female : cells[4] == "M" ? .male : nil
            let person = Person(
                names: [NameForm(full: cells[3])], sex: sex, birthDate: try? FuzzyDate.parse(cells[5]))
            return (RecordID(), person)
        }
    }

    /// Every proposal with `statuses`, page by page, by id.
    static func all(
        _ store: SQLRecordStore, _ statuses: Set<MatchProposal.Status> = [.proposed, .unsure]
    ) async throws -> [Int: MatchProposal] {
        var found: [Int: MatchProposal] = [:]
        var after: Int?
        while true {
            let page = try await store.matchProposals(
                statuses: statuses, access: .operatorAccess, limit: 500, after: after)
            for proposal in page { found[proposal.id] = proposal }
            after = page.last?.id
            if page.count < 500 { return found }
        }
    }

    /// The levels a proposal was scored on: pairs with the same pattern are alike to the model.
    static func pattern(_ proposal: MatchProposal) -> String {
        proposal.reasons.map { "\($0.field)=\($0.level)" }.joined(separator: " ")
    }

    /// The largest group of at least 30 pairs alike to the model that all satisfy `keep`, by id.
    static func largest(
        _ groups: [String: [MatchProposal]], where keep: (MatchProposal) -> Bool
    ) -> [MatchProposal]? {
        groups.values.filter { $0.count >= 30 && $0.allSatisfy(keep) }.max { $0.count < $1.count }?
            .sorted { $0.id < $1.id }
    }

    /// Pairs kept for review from this probability: low enough that the queue holds groups of pairs
    /// the model finds unlikely, for "same" to raise.
    static let keepAbove = 0.001

    /// A reviewer's `status` on each of `proposals`, then `link` again: its summary and the queue after.
    static func judge(
        _ proposals: ArraySlice<MatchProposal>, _ status: MatchProposal.Status, _ fixture: OperationsFixture,
        relinking operations: MatchOperations
    ) async throws -> (LinkSummary, [Int: MatchProposal]) {
        for proposal in proposals {
            _ = try await fixture.store.decide(
                proposal.id, status: status, by: "ana", access: .operatorAccess, at: fixture.clock.date)
        }
        let summary = try await operations.linkPersons(keepAbove: Self.keepAbove, by: "operator", from: .cli)
        return (summary, try await all(fixture.store))
    }

    @Test(
        "reviewers' decisions refine the model: 'same' raises pairs like the judged ones, 'different' lowers them, and decided pairs are never proposed again"
    )
    func decisionsRefineTheNextRun() async throws {
        try await OperationsFixture.with { fixture in
            let operations = MatchOperations(store: fixture.store, audit: fixture.audit, clock: fixture.clock.function)
            try await fixture.store.createAll(try Self.persons(2_500), by: .operatorWriter())
            let first = try await operations.linkPersons(keepAbove: Self.keepAbove, by: "operator", from: .cli)
            #expect(first.persons == 2_500 && first.decisionsUsed == 0)
            #expect(first.outcome?.added == first.proposed && first.proposed > 500)
            let before = try await Self.all(fixture.store)
            #expect(before.count == first.proposed)

            // The same run again changes no score and adds nothing.
            let again = try await operations.linkPersons(keepAbove: Self.keepAbove, by: "operator", from: .cli)
            #expect(again.outcome?.added == 0 && again.outcome?.refreshed == first.proposed)
            #expect(try await Self.all(fixture.store).mapValues(\.probability) == before.mapValues(\.probability))

            let byPattern = Dictionary(grouping: before.values, by: Self.pattern)
            // "Same" on twenty unlikely pairs of one pattern: the other pairs like them rise.
            let unlikely = try #require(Self.largest(byPattern) { $0.probability < 0.5 })
            let judgedSame = unlikely.prefix(20)
            let (second, afterSame) = try await Self.judge(judgedSame, .same, fixture, relinking: operations)
            #expect(second.decisionsUsed == 20 && second.outcome?.alreadyDecided == 20)
            let risen = unlikely.dropFirst(20).filter { (afterSame[$0.id]?.probability ?? 0) > $0.probability }
            #expect(risen.count == unlikely.count - 20, "\(risen.count) pairs like the judged ones rose")
            // Judged pairs keep their decision: they are not back in the queue, and not added again.
            let same = try await Self.all(fixture.store, [.same])
            #expect(Set(same.keys) == Set(judgedSame.map(\.id)))
            #expect(judgedSame.allSatisfy { afterSame[$0.id] == nil })

            // Reopened, they no longer count; "different" on twenty likely pairs of one pattern lowers
            // the pairs like them, and the judged pairs stay judged.
            for proposal in judgedSame {
                _ = try await fixture.store.decide(
                    proposal.id, status: .proposed, by: "ana", access: .operatorAccess, at: fixture.clock.date)
            }
            let likely = try #require(Self.largest(byPattern) { $0.probability >= 0.5 })
            let judgedDifferent = likely.prefix(20)
            let (third, afterDifferent) = try await Self.judge(
                judgedDifferent, .different, fixture, relinking: operations)
            // (Pairs judged different may now score under the threshold: then they are not even counted.)
            #expect(third.decisionsUsed == 20 && (third.outcome?.alreadyDecided ?? 99) <= 20)
            let fallen = likely.dropFirst(20).filter { (afterDifferent[$0.id]?.probability ?? 0) < $0.probability }
            #expect(
                fallen.count == likely.count - 20, "\(fallen.count) pairs like the judged ones fell (or left the queue)"
            )
            let different = try await Self.all(fixture.store, [.different])
            #expect(Set(different.keys) == Set(judgedDifferent.map(\.id)))
            // Their score stays what it was when they were decided.
            #expect(different.values.allSatisfy { afterSame[$0.id]?.probability == $0.probability })
            // The reopened pairs are back in the queue, rescored, each still one proposal.
            #expect(judgedSame.allSatisfy { afterDifferent[$0.id] != nil })
            let stored = try await fixture.store.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM match_proposals").first()?.decode(column: "n", as: Int.self)
            }
            #expect(stored == afterDifferent.count + different.count)
        }
    }

    @Test("a person's list is the one source its acts cite: pairs within one list are seldom proposed")
    func listsFromActs() async throws {
        // The same 1,500 persons twice: once alone, once with an act citing the source that listed
        // each (the development set's `source` column; no source names anyone twice).
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WhereaboutsLinkageTests/Fixtures/cjk_names_dev.csv").path
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().prefix(1_500)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let persons = try Self.persons(1_500)
        let listOf = Dictionary(uniqueKeysWithValues: zip(persons.map(\.id), rows.map { $0[1] }))
        actor Count {
            var value = 0
            func set(_ value: Int) { self.value = value }
        }
        func proposedWithinOneList(withActs: Bool) async throws -> Int {
            let count = Count()
            try await OperationsFixture.with { fixture in
                let operations = MatchOperations(
                    store: fixture.store, audit: fixture.audit, clock: fixture.clock.function)
                var records = persons
                if withActs {
                    for list in Set(listOf.values) {
                        let source = RecordID()
                        let event = RecordID()
                        records.append((source, Source(type: .document, title: "list " + list)))
                        records.append((event, Event(title: "listed by " + list, sourceIDs: [source])))
                        for (id, _) in persons where listOf[id] == list {
                            records.append(
                                (RecordID(), Act(eventID: event, victimID: id, type: "abduction", sourceIDs: [source])))
                        }
                    }
                }
                try await fixture.store.createAll(records, by: .operatorWriter())
                _ = try await operations.linkPersons(keepAbove: Self.keepAbove, by: "operator", from: .cli)
                await count.set(
                    try await Self.all(fixture.store).values.filter { listOf[$0.recordA] == listOf[$0.recordB] }.count)
            }
            return await count.value
        }
        let without = try await proposedWithinOneList(withActs: false)
        let with = try await proposedWithinOneList(withActs: true)
        #expect(without > 0)
        #expect(with < without, "\(with) pairs within one list proposed with acts, \(without) without")
    }
}
