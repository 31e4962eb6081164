import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// A live record of any kind that `access` may see (else not found).
    public func get(_ id: RecordID, access: RecordAccess) async throws -> StoredRecord {
        access.reads?.noteLookup()
        let row = try await database.read { db in try await self.visibleRow(id, access: access, in: db) }
        guard row.deleted == 0 else { throw StoreError.notFound(id) }
        return try await openingKeys { try row.record(access: access, opener: self.opener) }
    }

    /// A live record of a given kind; a record of another kind is not found.
    public func get(_ id: RecordID, kind: RecordKind, access: RecordAccess) async throws -> StoredRecord {
        let record = try await get(id, access: access)
        guard record.metadata.kind == kind else { throw StoreError.notFound(id) }
        return record
    }

    /// The kind of a record, live or deleted, that `access` may see.
    public func kind(of id: RecordID, access: RecordAccess) async throws -> RecordKind {
        let row = try await database.read { db in try await self.visibleRow(id, access: access, in: db) }
        guard let kind = RecordKind(rawValue: row.kind) else { throw StoreError.notFound(id) }
        return kind
    }

    /// Live records of a kind that `access` may see, newest first, `limit` at a time.
    public func list(
        _ kind: RecordKind, access: RecordAccess, cursor: String? = nil, limit: Int = 50
    ) async throws -> Page<StoredRecord> {
        let limit = min(max(limit, 1), 500)
        let before = try cursor.map(Cursor.decode) ?? Int.max
        let filter = try await filtering(access)
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT \(RecordRow.columns(prefix: "r.")) FROM records r
                WHERE r.kind = \(bind: kind.rawValue) AND r.deleted = 0 AND r.seq < \(bind: before)
                    \(filter.visibleRecordClause)
                ORDER BY r.seq DESC LIMIT \(bind: limit + 1)
                """
            ).all(decoding: RecordRow.self)
        }
        let next = rows.count > limit ? Cursor.encode(rows[limit - 1].seq) : nil
        return try await openingKeys {
            Page(
                items: try rows.prefix(limit).map { try $0.record(access: access, opener: self.opener) },
                nextCursor: next)
        }
    }

    /// Every live record of the given kinds in storage order, delivered in batches so that memory
    /// stays constant however many there are.
    public func stream(
        _ kinds: [RecordKind], access: RecordAccess, batchSize: Int = 500,
        _ each: @Sendable ([StoredRecord]) async throws -> Void
    ) async throws {
        for kind in kinds {
            var after = 0
            while true {
                let start = after
                let rows = try await database.read { db in
                    try await db.raw(
                        """
                        SELECT \(RecordRow.columns(prefix: "r.")) FROM records r
                        WHERE r.kind = \(bind: kind.rawValue) AND r.deleted = 0 AND r.seq > \(bind: start)
                            \(access.visibleRecordClause)
                        ORDER BY r.seq LIMIT \(bind: batchSize)
                        """
                    ).all(decoding: RecordRow.self)
                }
                guard let last = rows.last else { break }
                after = last.seq
                try await each(
                    try await openingKeys { try rows.map { try $0.record(access: access, opener: self.opener) } })
            }
        }
    }

    /// How many live records of each kind `access` may see.
    public func counts(access: RecordAccess) async throws -> [RecordKind: Int] {
        let rows = try await database.read { db in
            try await db.raw(
                "SELECT r.kind, COUNT(*) AS n FROM records r WHERE r.deleted = 0 \(access.visibleRecordClause) GROUP BY r.kind"
            ).all()
        }
        var result: [RecordKind: Int] = [:]
        for row in rows {
            if let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                result[kind] = try row.decode(column: "n", as: Int.self)
            }
        }
        return result
    }
}

/// Page cursors: `p` and the storage sequence number of the last item in lower-case hex. Every text
/// of that form is a cursor (one past the end gives an empty page), so the API can describe them
/// exactly (``pattern``); clients treat them as opaque.
public enum Cursor {
    /// The form of every cursor.
    public static let pattern = "^p[0-9a-f]{1,15}$"

    static func encode(_ seq: Int) -> String { "p" + String(seq, radix: 16) }

    static func decode(_ text: String) throws -> Int {
        guard text.hasPrefix("p"), (2...16).contains(text.utf8.count),
            text.utf8.dropFirst().allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }),
            let seq = Int(text.dropFirst(), radix: 16)
        else { throw StoreError.badCursor }
        return seq
    }
}
