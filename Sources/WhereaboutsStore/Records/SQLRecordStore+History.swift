import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// Every version of a record, newest first.
    public func history(_ id: RecordID, access: RecordAccess) async throws -> [RecordVersion] {
        let rows = try await database.read { db in
            let current = try await self.visibleRow(id, access: access, in: db)
            return try await db.raw(
                """
                SELECT version, action, changed_fields, changed_at, changed_by FROM record_versions
                WHERE seq = \(bind: current.seq) ORDER BY version DESC
                """
            ).all(decoding: VersionRow.self)
        }
        guard !rows.isEmpty else { throw StoreError.notFound(id) }
        return try rows.map { try $0.version(of: id) }
    }

    /// A record as it was at `version`.
    public func version(
        _ id: RecordID, _ version: Int, access: RecordAccess
    ) async throws -> (RecordVersion, any RecordBody) {
        let (row, kind, currentBody) = try await database.read { db in
            let current = try await self.visibleRow(id, access: access, in: db)
            guard
                let row = try await db.raw(
                    """
                    SELECT v.version, v.action, COALESCE(v.body, r.body) AS body,
                        CASE WHEN v.body IS NULL THEN r.identity ELSE v.identity END AS identity,
                        v.changed_fields, v.changed_at, v.changed_by
                    FROM record_versions v JOIN records r ON r.seq = v.seq
                    WHERE v.seq = \(bind: current.seq) AND v.version = \(bind: version)
                    """
                ).first(decoding: VersionRow.self)
            else { throw StoreError.noSuchVersion(id, version) }
            return (row, current.kind, current)
        }
        guard let kind = RecordKind(rawValue: kind), let body = row.body else {
            throw StoreError.noSuchVersion(id, version)
        }
        let identity = try await openingKeys { try opener.identity(row.identity, record: id.description, for: access) }
        // Material whose consent was withdrawn since stays withheld in every earlier version too.
        // (Consent is sealed with the source: opened here only to decide, never shown from the current version.)
        let current =
            kind == .source
            ? try await openingKeys {
                try RecordCodec.decode(
                    kind: kind, body: currentBody.body,
                    identity: try opener.identity(currentBody.identity, record: id.description))
            } : nil
        let decoded = Redaction.consented(
            try RecordCodec.decode(kind: kind, body: body, identity: identity), current: current as? Source)
        return (try row.version(of: id), access.seesIdentities ? decoded : try opener.pseudonymised(decoded, id: id))
    }

    /// Makes an earlier version current again, as a new version (nothing in history is overwritten).
    /// Restoring a deleted record's earlier version brings it back. `alsoInTransaction` runs in the same
    /// transaction after the restore (a use-case's audit entry): if it fails, nothing is restored.
    public func restore(
        _ id: RecordID, version: Int, expectedVersion: Int, by writer: Writer,
        alsoInTransaction: AlsoInTransaction? = nil
    ) async throws -> StoredRecord {
        var (_, restored) = try await self.version(id, version, access: writer.access)
        try writer.requireIdentityAccess(for: type(of: restored).kind)
        if var source = restored as? Source {
            // Restoring an earlier version never brings back consent that was withdrawn since.
            source.consent = try await get(id, access: writer.access).body(as: Source.self)?.consent
            restored = source
        }
        let body = restored
        let vocabulary = vocabularyIndex
        return try await changingWrite { db in
            let current = try await self.visibleRow(id, access: writer.access, in: db)
            guard current.version == expectedVersion else { throw StoreError.conflict(id, current: current.version) }
            let restored = try await self.replace(
                current, with: body, action: .restore, vocabulary: vocabulary, by: writer, in: db)
            try await alsoInTransaction?(db)
            return restored
        }
    }
}

struct VersionRow: Decodable {
    let version: Int
    let action: String
    let body: String?
    let identity: String?
    let changed_fields: String
    let changed_at: String
    let changed_by: String

    func version(of id: RecordID) throws -> RecordVersion {
        RecordVersion(
            recordID: id, version: version, action: RecordVersion.Action(rawValue: action) ?? .update,
            changedFields: try JSONDecoder().decode([String].self, from: Data(changed_fields.utf8)),
            changedAt: changed_at, changedBy: changed_by)
    }
}
