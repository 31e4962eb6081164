import Foundation
import SQLKit
import WhereaboutsCore

/// Who is the same person as whom, by reviewers' decisions, as far as a reader may follow them.
extension SQLRecordStore {
    /// Persons a reviewer decided are the same person as `id`, directly or through others, among
    /// those `access` may see, with their titles.
    public func samePersonRecords(as id: RecordID, access: RecordAccess) async throws -> [StoredRecord] {
        guard access.seesIdentities else { return [] }
        // The condition is written as migration 19's index of decided pairs writes it, so only the
        // pairs judged the same are read, not the whole queue.
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT record_a, record_b FROM match_proposals WHERE status = 'same'
                """
            ).all()
        }
        var neighbours: [String: [String]] = [:]
        for row in rows {
            let a = try row.decode(column: "record_a", as: String.self)
            let b = try row.decode(column: "record_b", as: String.self)
            neighbours[a, default: []].append(b)
            neighbours[b, default: []].append(a)
        }
        // Decisions are followed only through persons the reader may see: a chain through another
        // desk's record would tell the reader what that desk knows.
        var records: [String: StoredRecord] = [:]
        func visible(_ other: String) async -> StoredRecord? {
            if let known = records[other] { return known }
            guard let recordID = RecordID(other),
                let record = try? await get(recordID, kind: .person, access: access)
            else { return nil }
            records[other] = record
            return record
        }
        var seen: Set<String> = [id.description]
        var frontier = [id.description]
        while let next = frontier.popLast() {
            for other in neighbours[next] ?? [] where seen.insert(other).inserted {
                if await visible(other) != nil { frontier.append(other) }
            }
        }
        return seen.subtracting([id.description]).sorted().compactMap { records[$0] }
    }

    /// Persons a reviewer decided are the same person as `id`, directly or through others, among
    /// those `access` may see.
    public func samePerson(as id: RecordID, access: RecordAccess) async throws -> [RecordID] {
        try await samePersonRecords(as: id, access: access).map(\.id)
    }
}
