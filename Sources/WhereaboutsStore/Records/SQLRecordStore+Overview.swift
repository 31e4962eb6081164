import Foundation
import SQLKit
import WhereaboutsCore

/// One entry of the list of recent changes.
public struct RecentChange: Sendable, Hashable {
    public let id: RecordID
    public let kind: RecordKind
    public let title: String
    public let version: Int
    public let action: RecordVersion.Action
    public let changedAt: String
    public let changedBy: String
}

extension SQLRecordStore {
    /// Live records of `kinds` that refer to `id` (the acts of an event, the involvements of an
    /// act…), oldest first, as many as `limit`, among those `access` may see.
    public func referrers(
        of id: RecordID, kinds: [RecordKind], access: RecordAccess, limit: Int = 500
    ) async throws -> [StoredRecord] {
        let rows = try await database.read { db in
            try await self.referrerRows(of: [id.description], kinds: kinds, access: access, in: db)
        }
        return try await openingKeys {
            try rows.prefix(limit).map { try $0.record(access: access, opener: self.opener) }
        }
    }

    /// Live records of `kinds` that refer to any of `ids`, as ``referrers(of:kinds:access:limit:)``
    /// (at most a thousand for each few hundred ids).
    public func referrers(ofAny ids: [RecordID], kinds: [RecordKind], access: RecordAccess) async throws
        -> [StoredRecord]
    {
        let rows = try await database.read { db in
            try await self.referrerRows(of: ids.map(\.description), kinds: kinds, access: access, in: db)
        }
        return try await openingKeys { try rows.map { try $0.record(access: access, opener: self.opener) } }
    }

    /// Live records of `kind` by facet value (e.g. acts by violation type, persons by current fate),
    /// counting only what `access` may see.
    public func facetCounts(
        _ facet: FacetName, kind: RecordKind, access: RecordAccess
    ) async throws -> [String: Int] {
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT f.value, COUNT(*) AS n FROM record_facets f JOIN records r ON r.seq = f.seq
                WHERE f.name = \(bind: facet.rawValue) AND r.kind = \(bind: kind.rawValue) AND r.deleted = 0
                    \(access.visibleRecordClause)
                GROUP BY f.value
                """
            ).all()
        }
        var result: [String: Int] = [:]
        for row in rows {
            result[try row.decode(column: "value", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    /// The latest changes to records `access` may see, newest first; with `actor`, only that account's.
    public func recentChanges(access: RecordAccess, by actor: String? = nil, limit: Int = 10) async throws
        -> [RecentChange]
    {
        let byActor: SQLQueryString = actor.map { " AND v.changed_by = \(bind: $0)" } ?? ""
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT r.id AS record_id, v.version, v.action, v.changed_at, v.changed_by, r.kind, r.title
                FROM record_versions v JOIN records r ON r.seq = v.seq
                WHERE 1 = 1 \(byActor) \(access.visibleRecordClause)
                ORDER BY v.changed_at DESC, v.version DESC LIMIT \(bind: min(max(limit, 1), 100))
                """
            ).all()
        }
        return try await openingKeys { try self.recentChanges(rows, access: access) }
    }

    private func recentChanges(_ rows: [any SQLRow], access: RecordAccess) throws -> [RecentChange] {
        try rows.compactMap { row in
            guard let id = RecordID(try row.decode(column: "record_id", as: String.self)),
                let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self))
            else { return nil }
            let title = try row.decode(column: "title", as: String.self)
            return RecentChange(
                id: id, kind: kind, title: try self.opener.title(kind: kind, stored: title, id: id, access: access),
                version: try row.decode(column: "version", as: Int.self),
                action: RecordVersion.Action(rawValue: try row.decode(column: "action", as: String.self)) ?? .update,
                changedAt: try row.decode(column: "changed_at", as: String.self),
                changedBy: try row.decode(column: "changed_by", as: String.self))
        }
    }
}
