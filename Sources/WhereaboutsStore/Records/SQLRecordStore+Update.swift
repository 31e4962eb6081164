import Foundation
import SQLKit
import WhereaboutsCore

/// Changing records: updates, restores (through ``replace(_:with:action:vocabulary:by:in:)``) and
/// deletions, each keeping the version before it.
extension SQLRecordStore {
    /// Replaces a record's body, provided it is still at `expectedVersion`.
    public func update(
        _ id: RecordID, with body: any RecordBody, expectedVersion: Int, by writer: Writer
    ) async throws -> StoredRecord {
        let kind = type(of: body).kind
        try writer.requireIdentityAccess(for: kind)
        let vocabulary = vocabularyIndex
        return try await changingWrite { db in
            let current = try await self.visibleRow(id, access: writer.access, in: db)
            try self.require(current, is: kind, version: expectedVersion)
            return try await self.replace(
                current, with: body, action: .update, vocabulary: vocabulary, by: writer, in: db)
        }
    }

    /// Marks a record deleted (it stays in history and can be restored), provided nothing live refers to it.
    public func delete(_ id: RecordID, kind: RecordKind, expectedVersion: Int, by writer: Writer) async throws
        -> StoredRecord
    {
        let actor = writer.actor
        return try await changingWrite { db in
            let current = try await self.visibleRow(id, access: writer.access, in: db)
            try self.require(current, is: kind, version: expectedVersion)
            // Refused while anything live refers to it; the refusal names only referrers the writer may see.
            let referred =
                try await db.raw(
                    """
                    SELECT 1 AS one FROM record_refs f JOIN records r ON r.id = f.from_id
                    WHERE f.to_id = \(bind: id.description) AND r.deleted = 0 LIMIT 1
                    """
                ).first() != nil
            if referred {
                let visible = try await db.raw(
                    """
                    SELECT DISTINCT f.from_id AS id FROM record_refs f JOIN records r ON r.id = f.from_id
                    WHERE f.to_id = \(bind: id.description) AND r.deleted = 0 \(writer.access.visibleRecordClause)
                    ORDER BY f.from_id LIMIT 20
                    """
                ).all(decodingColumn: "id", as: String.self).compactMap(RecordID.init)
                throw StoreError.stillReferenced(id, by: visible)
            }
            let now = Timestamp.format(self.clock())
            let version = current.version + 1
            try await self.keepSnapshot(of: current, in: db)
            try await db.raw(
                """
                UPDATE records SET deleted = 1, version = \(bind: version), updated_at = \(bind: now),
                    updated_by = \(bind: actor)
                WHERE id = \(bind: id.description) AND version = \(bind: current.version)
                """
            ).run()
            try await self.insertVersions([(current.seq, version, .delete, [])], at: now, by: actor, in: db)
            let targets = try await self.referenceTargets(of: id, in: db)
            try await self.removeIndexes(id, seq: current.seq, in: db)
            try await self.refreshCompartments(targets, mode: .full, in: db)
            return try await self.row(id, in: db).record(access: writer.access, opener: self.opener)
        }
    }

    /// Replaces a stored record's body with `body`, sealed with the newest keys of the compartment
    /// the record is sealed in.
    func replace(
        _ current: RecordRow, with body: any RecordBody, action: RecordVersion.Action, vocabulary: VocabularyIndex,
        by writer: Writer, in db: any SQLDatabase
    ) async throws -> StoredRecord {
        let actor = writer.actor
        guard let id = RecordID(current.id) else { throw StoreError.damaged("record row \(current.seq)") }
        let record = try PreparedRecord(
            body, id: id, vocabulary: vocabulary, sealer: try await sealer(forExisting: current, in: db))
        // What a kind keeps append-only or fixed once written (its declaration says) stays so.
        var checker = Checker()
        body.checkChange(from: try current.record(access: .operatorAccess, opener: opener).body, into: &checker)
        guard checker.issues.isEmpty else { throw StoreError.invalid(checker.issues) }
        // References the record already had stand even where the writer cannot see their target (a
        // shared person citing another desk's source): an edit never has to cut another desk's evidence.
        let previousTargets = try await referenceTargets(of: record.id, in: db)
        let kept = try await liveKinds(Array(previousTargets), in: db)
        let referred = try await checkReferences(
            [record],
            createdEarlier: Dictionary(
                uniqueKeysWithValues: kept.compactMap { key, kind in
                    RecordID(key).map { ($0, kind) }
                }), access: writer.access, in: db)
        let previous = RecordCodec.fields(
            body: current.body, identity: try opener.identity(current.identity, record: current.id))
        let changed = RecordCodec.changedFields(from: previous, to: record.encoded.fields())
        let now = Timestamp.format(clock())
        let version = current.version + 1
        try await keepSnapshot(of: current, in: db)
        let updated = try await db.raw(
            """
            UPDATE records SET version = \(bind: version), title = \(bind: record.storedTitle),
                body = \(bind: record.encoded.body), identity = \(bind: record.storedIdentity),
                date_from = \(bind: record.period?.from.iso), date_to = \(bind: record.period?.to.iso), deleted = 0,
                updated_at = \(bind: now), updated_by = \(bind: actor)
            WHERE id = \(bind: record.id.description) AND version = \(bind: current.version)
            RETURNING version
            """
        ).all()
        guard updated.count == 1 else {
            let latest = try await row(record.id, in: db)
            throw StoreError.conflict(record.id, current: latest.version)
        }
        try await insertVersions([(current.seq, version, action, changed)], at: now, by: actor, in: db)
        try await removeIndexes(record.id, seq: current.seq, in: db)
        try await insertIndexes([(record, current.seq)], in: db)
        try await keepHome(of: record, referring: referred, by: writer, in: db)
        try await refreshCompartments(
            previousTargets.union(record.references.map(\.id.description)).union([current.id]), mode: .full, in: db)
        try await requireVisibleSomewhere([current.id], in: db)
        return try await row(record.id, in: db).record(access: writer.access, opener: self.opener)
    }

    /// Gives a record that no longer hangs from a case record (an information moved from an event to a
    /// person) a home of its own if it has none: the compartments it is in now, so that the change
    /// neither hides it from its desk nor shows it to the shared record's other desks.
    private func keepHome(
        of record: PreparedRecord, referring referred: [RecordID: RecordKind], by writer: Writer,
        in db: any SQLDatabase
    ) async throws {
        let id = record.id.description
        guard !record.hangsFromCase(referred), try await homes([id], in: db)[id]?.isEmpty ?? true else { return }
        let now = try await placements([id], in: db)[id] ?? []
        try await insertHomes(of: [id], in: (now.isEmpty ? writer.compartments : now).sorted(), db: db)
    }

    /// New versions; their snapshots stay NULL while they are current (the record row holds them).
    func insertVersions(
        _ versions: [(seq: Int, version: Int, action: RecordVersion.Action, changed: [String])],
        at time: String, by actor: String, in db: any SQLDatabase
    ) async throws {
        let values: [SQLQueryString] = try versions.map { item in
            let changed = String(decoding: try JSONEncoder().encode(item.changed), as: UTF8.self)
            return """
                (\(bind: item.seq), \(bind: item.version), \(bind: item.action.rawValue), NULL, NULL,
                    \(bind: changed), \(bind: time), \(bind: actor))
                """
        }
        try await db.raw(
            """
            INSERT INTO record_versions (seq, version, action, body, identity, changed_fields, changed_at, changed_by)
            VALUES \(values.joined(separator: ", "))
            """
        ).run()
    }

    /// Copies the record row's current body into its version's snapshot, before the row changes.
    func keepSnapshot(of current: RecordRow, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE record_versions SET body = \(bind: current.body), identity = \(bind: current.identity)
            WHERE seq = \(bind: current.seq) AND version = \(bind: current.version) AND body IS NULL
            """
        ).run()
    }

    func require(_ row: RecordRow, is kind: RecordKind, version: Int) throws {
        guard let id = RecordID(row.id) else { throw StoreError.damaged("record row \(row.seq) has id '\(row.id)'") }
        guard row.deleted == 0 else { throw StoreError.notFound(id) }
        guard row.kind == kind.rawValue else {
            throw StoreError.wrongKind(id, expected: kind, actual: RecordKind(rawValue: row.kind) ?? kind)
        }
        guard row.version == version else { throw StoreError.conflict(id, current: row.version) }
    }

    func row(_ id: RecordID, in db: any SQLDatabase) async throws -> RecordRow {
        guard
            let row = try await db.raw(
                "SELECT \(RecordRow.columns) FROM records WHERE id = \(bind: id.description)"
            ).first(decoding: RecordRow.self)
        else { throw StoreError.notFound(id) }
        return row
    }
}
