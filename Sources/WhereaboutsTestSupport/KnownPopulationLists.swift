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
    }

    /// The rows of a development set's CSV file.
    public static func rows(csv path: String) throws -> [Row] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Row(
                list: cells[1], person: cells[2], name: cells[3],
                sex: cells[4] == "F" ? .female : cells[4] == "M" ? .male : nil, birth: cells[5])
        }
    }

    /// The rows in `store`: a source per list, one event, per row a person (name, sex and birth date
    /// as written) and an act citing its list, written in batches. Returns each true person's records.
    public static func store(_ rows: [Row], in store: SQLRecordStore) async throws -> [String: [RecordID]] {
        let event = RecordID()
        var records: SQLRecordStore.NewRecords = [(event, Event(title: "Disappearances"))]
        var sources: [String: RecordID] = [:]
        for list in Set(rows.map(\.list)).sorted() {
            let id = RecordID()
            sources[list] = id
            records.append((id, Source(type: .governmentList, title: list)))
        }
        var recordsOf: [String: [RecordID]] = [:]
        for row in rows {
            let person = RecordID()
            recordsOf[row.person, default: []].append(person)
            records.append(
                (
                    person,
                    Person(names: [NameForm(full: row.name)], sex: row.sex, birthDate: try? FuzzyDate.parse(row.birth))
                ))
            records.append(
                (RecordID(), Act(eventID: event, victimID: person, type: "abduction", sourceIDs: [sources[row.list]!])))
        }
        for chunk in stride(from: 0, to: records.count, by: 20_000) {
            try await store.createAll(Array(records[chunk..<min(chunk + 20_000, records.count)]), by: .operatorWriter())
        }
        return recordsOf
    }

    /// Decides `status` on every proposal awaiting a decision that `keep` selects, as `reviewer` at
    /// `time`. Returns how many were decided.
    public static func decideAll(
        _ store: SQLRecordStore, _ status: MatchProposal.Status, by reviewer: String, at time: Date,
        where keep: (MatchProposal) -> Bool = { _ in true }
    ) async throws -> Int {
        var queued: [MatchProposal] = []
        var after: Int?
        while true {
            let page = try await store.matchProposals(access: .operatorAccess, limit: 500, after: after)
            queued += page
            guard page.count == 500 else { break }
            after = page.last?.id
        }
        var decided = 0
        for proposal in queued where keep(proposal) {
            _ = try await store.decide(proposal.id, status: status, by: reviewer, access: .operatorAccess, at: time)
            decided += 1
        }
        return decided
    }
}
