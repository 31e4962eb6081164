import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// Lists drawn from a known population — the linkage development sets (`record_id,source,person_id,
/// name_recorded,sex,dob_raw,…`) — put in a store as the lists hold them, for the estimation tests and
/// `whereabouts-bench known-population` (issue 17). The truth column (`person_id`) is read only to
/// make perfect reviewers' decisions and to check; never as an input to linkage.
public enum KnownPopulationLists {
    /// One record of one list.
    public struct Row: Sendable {
        public let list: String
        public let person: String
        public let name: String
        public let sex: Person.Sex?
        public let birth: String
        /// The place of birth or origin as the list wrote it (empty when it gives none).
        public let place: String
    }

    /// The rows of a development set's CSV file.
    public static func rows(csv path: String) throws -> [Row] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Row(
                list: cells[1], person: cells[2], name: cells[3],
                sex: cells[4] == "F" ? .female : cells[4] == "M" ? .male : nil, birth: cells[5],
                place: cells.count > 6 ? cells[6] : "")
        }
    }

    /// What ``store(_:in:)`` wrote: each true person's records (for perfect reviewers and checks), and
    /// the list each record is on (observed data, as any reviewer sees it).
    public struct Stored: Sendable {
        public let recordsOf: [String: [RecordID]]
        public let listOf: [RecordID: String]
    }

    /// The rows in `store`: a source per list, one event, per row a person (name, sex, birth date and
    /// place of origin as written) and an act citing its list, written in batches.
    public static func store(_ rows: [Row], in store: SQLRecordStore) async throws -> Stored {
        let event = RecordID()
        var records: SQLRecordStore.NewRecords = [(event, Event(title: "Disappearances"))]
        var sources: [String: RecordID] = [:]
        for list in Set(rows.map(\.list)).sorted() {
            let id = RecordID()
            sources[list] = id
            records.append((id, Source(type: .governmentList, title: list)))
        }
        var recordsOf: [String: [RecordID]] = [:]
        var listOf: [RecordID: String] = [:]
        for row in rows {
            let person = RecordID()
            recordsOf[row.person, default: []].append(person)
            listOf[person] = row.list
            records.append(
                (
                    person,
                    Person(
                        names: [NameForm(full: row.name)], sex: row.sex, birthDate: try? FuzzyDate.parse(row.birth),
                        origin: row.place.isEmpty ? nil : Place(locality: row.place))
                ))
            records.append(
                (RecordID(), Act(eventID: event, victimID: person, type: "abduction", sourceIDs: [sources[row.list]!])))
        }
        for chunk in stride(from: 0, to: records.count, by: 20_000) {
            try await store.createAll(Array(records[chunk..<min(chunk + 20_000, records.count)]), by: .operatorWriter())
        }
        return Stored(recordsOf: recordsOf, listOf: listOf)
    }

    /// Decides `status` on every proposal awaiting a decision that `keep` selects, as `reviewer` at
    /// `time`. Returns how many were decided.
    public static func decideAll(
        _ store: SQLRecordStore, _ status: MatchProposal.Status, by reviewer: String, at time: Date,
        where keep: (MatchProposal) -> Bool = { _ in true }
    ) async throws -> Int {
        var decided = 0
        for proposal in try await queue(store) where keep(proposal) {
            _ = try await store.decide(proposal.id, status: status, by: reviewer, access: .operatorAccess, at: time)
            decided += 1
        }
        return decided
    }

    /// A reviewer who takes the proposals `keep` selects from the most likely down and accepts each
    /// unless it would make one person of two records on the same list (each list names a person
    /// once: the two groups already joined are then different people), which they decline. Returns
    /// how many were accepted and declined.
    public static func decideKeepingListsApart(
        _ store: SQLRecordStore, lists listOf: [RecordID: String], by reviewer: String, at time: Date,
        where keep: (MatchProposal) -> Bool
    ) async throws -> (accepted: Int, declined: Int) {
        var group: [RecordID: RecordID] = [:]
        var lists: [RecordID: Set<String>] = [:]
        func root(_ id: RecordID) -> RecordID {
            var current = id
            while let next = group[current], next != current { current = next }
            var walk = id
            while let next = group[walk], next != current {
                group[walk] = current
                walk = next
            }
            return current
        }
        func listsOf(_ root: RecordID) -> Set<String> { lists[root] ?? Set(listOf[root].map { [$0] } ?? []) }
        var accepted = 0
        var declined = 0
        let chosen = try await queue(store).filter(keep).sorted { ($0.probability, $1.id) > ($1.probability, $0.id) }
        for proposal in chosen {
            let a = root(proposal.recordA)
            let b = root(proposal.recordB)
            guard a != b else { continue }
            let (listsA, listsB) = (listsOf(a), listsOf(b))
            let same = listsA.isDisjoint(with: listsB)
            _ = try await store.decide(
                proposal.id, status: same ? .same : .different, by: reviewer, access: .operatorAccess, at: time)
            if same {
                group[b] = a
                lists[a] = listsA.union(listsB)
                lists[b] = nil
                accepted += 1
            } else {
                declined += 1
            }
        }
        return (accepted, declined)
    }

    /// Every proposal awaiting a decision, page by page.
    static func queue(_ store: SQLRecordStore) async throws -> [MatchProposal] {
        var queued: [MatchProposal] = []
        var after: Int?
        while true {
            let page = try await store.matchProposals(access: .operatorAccess, limit: 500, after: after)
            queued += page
            guard page.count == 500 else { break }
            after = page.last?.id
        }
        return queued
    }
}
