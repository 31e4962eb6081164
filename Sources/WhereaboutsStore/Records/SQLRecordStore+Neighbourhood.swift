import Foundation
import SQLKit
import WhereaboutsCore

/// A record with what its page shows around it, read in one go.
public struct RecordNeighbourhood: Sendable {
    public let record: StoredRecord
    /// Live records of the asked kinds that refer to the record, then those that refer to them
    /// (the involvements of an event's acts), oldest first.
    public let referrers: [StoredRecord]
    /// Kind and title of every record the record and its referrers refer to, as far as visible.
    public let titles: [RecordID: (kind: RecordKind, title: String)]
    /// The record's compartments among the reader's own.
    public let compartments: Set<String>
}

extension SQLRecordStore {
    /// A record of `kind` and its surroundings, in one read and five statements whatever their
    /// number: the record, its referrers of `kinds`, the referrers of those of `secondKinds`, the
    /// titles of everything they refer to, and the record's compartments.
    public func neighbourhood(
        of id: RecordID, kind: RecordKind, referrers kinds: [RecordKind], secondKinds: [RecordKind] = [],
        access: RecordAccess
    ) async throws -> RecordNeighbourhood {
        try await openingKeys {
            try await neighbourhoodOnce(of: id, kind: kind, referrers: kinds, secondKinds: secondKinds, access: access)
        }
    }

    private func neighbourhoodOnce(
        of id: RecordID, kind: RecordKind, referrers kinds: [RecordKind], secondKinds: [RecordKind],
        access: RecordAccess
    ) async throws -> RecordNeighbourhood {
        try await database.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT \(RecordRow.columns(prefix: "r.")) FROM records r
                    WHERE r.id = \(bind: id.description) AND r.deleted = 0 AND r.kind = \(bind: kind.rawValue)
                        \(access.visibleRecordClause)
                    """
                ).first(decoding: RecordRow.self)
            else { throw StoreError.notFound(id) }
            let record = try row.record(access: access, opener: self.opener)
            var referrers = try await self.referrerRows(of: [id.description], kinds: kinds, access: access, in: db)
            let firstIDs = referrers.map(\.id)
            if !secondKinds.isEmpty, !firstIDs.isEmpty {
                referrers += try await self.referrerRows(of: firstIDs, kinds: secondKinds, access: access, in: db)
            }
            let records = try referrers.map { try $0.record(access: access, opener: self.opener) }
            var linked = Set(record.body.references.map(\.id.description))
            for item in records { linked.formUnion(item.body.references.map(\.id.description)) }
            linked.remove(id.description)
            var titles: [RecordID: (kind: RecordKind, title: String)] = [:]
            for chunk in Array(linked).sorted().chunked(Self.batchSize * 2) {
                for found in try await db.raw(
                    """
                    SELECT r.id, r.kind, r.title FROM records r
                    WHERE r.id IN (\(binds: Array(chunk))) AND r.deleted = 0 \(access.visibleRecordClause)
                    """
                ).all() {
                    guard let foundID = RecordID(try found.decode(column: "id", as: String.self)),
                        let foundKind = RecordKind(rawValue: try found.decode(column: "kind", as: String.self))
                    else { continue }
                    let title = try found.decode(column: "title", as: String.self)
                    titles[foundID] = (
                        foundKind, try self.opener.title(kind: foundKind, stored: title, id: foundID, access: access)
                    )
                }
            }
            let placed = try await self.placements([id.description], in: db)[id.description] ?? []
            return RecordNeighbourhood(
                record: record, referrers: records, titles: titles,
                compartments: placed.filter { access.compartments?.contains($0) ?? true })
        }
    }

    /// Live records of `kinds` referring to any of `ids` that `access` may see, oldest first (at most 1,000 a chunk).
    func referrerRows(
        of ids: [String], kinds: [RecordKind], access: RecordAccess, in db: any SQLDatabase
    ) async throws -> [RecordRow] {
        guard !kinds.isEmpty else { return [] }
        var rows: [RecordRow] = []
        for chunk in ids.chunked(Self.batchSize * 2) {
            rows += try await db.raw(
                """
                SELECT DISTINCT \(RecordRow.columns(prefix: "r.")) FROM record_refs f CROSS JOIN records r
                WHERE r.id = f.from_id AND f.to_id IN (\(binds: Array(chunk))) AND r.deleted = 0
                    AND r.kind IN (\(binds: kinds.map(\.rawValue))) \(access.visibleRecordClause)
                LIMIT 1000
                """
            ).all(decoding: RecordRow.self)
        }
        // Sorted here rather than in SQL: an ORDER BY on seq tempts SQLite to walk the kind index instead.
        return rows.sorted { $0.seq < $1.seq }
    }
}
