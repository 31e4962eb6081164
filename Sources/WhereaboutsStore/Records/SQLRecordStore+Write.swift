import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// Creates a record and its first version.
    public func create(_ body: any RecordBody, by actor: String) async throws -> StoredRecord {
        try await database.write { db in
            try await self.insert(body, id: RecordID(), by: actor, in: db)
        }
    }

    /// Creates many records in one transaction: all of them, or, when any is invalid, none.
    /// Records may refer to records created earlier in the same list.
    public func createAll(
        _ bodies: [(id: RecordID, body: any RecordBody)], by actor: String,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws {
        try await database.write { db in
            for (index, item) in bodies.enumerated() {
                _ = try await self.insert(item.body, id: item.id, by: actor, in: db)
                if index % 500 == 499 { progress?(index + 1) }
            }
            progress?(bodies.count)
        }
    }

    /// Replaces a record's body, provided it is still at `expectedVersion`.
    public func update(
        _ id: RecordID, with body: any RecordBody, expectedVersion: Int, by actor: String
    ) async throws -> StoredRecord {
        try await database.write { db in
            let current = try await self.row(id, in: db)
            try self.require(current, is: type(of: body).kind, version: expectedVersion)
            return try await self.replace(current, with: body, action: .update, by: actor, in: db)
        }
    }

    /// Marks a record deleted (it stays in history and can be restored), provided nothing live refers to it.
    public func delete(_ id: RecordID, expectedVersion: Int, by actor: String) async throws -> StoredRecord {
        try await database.write { db in
            let current = try await self.row(id, in: db)
            guard current.deleted == 0 else { throw StoreError.notFound(id) }
            guard current.version == expectedVersion else { throw StoreError.conflict(id, current: current.version) }
            let referrers = try await db.raw(
                """
                SELECT DISTINCT f.from_id AS id FROM record_refs f JOIN records r ON r.id = f.from_id
                WHERE f.to_id = \(bind: id.description) AND r.deleted = 0 ORDER BY f.from_id LIMIT 20
                """
            ).all(decodingColumn: "id", as: String.self).compactMap(RecordID.init)
            guard referrers.isEmpty else { throw StoreError.stillReferenced(id, by: referrers) }
            let record = try current.record()
            let encoded = try RecordCodec.encode(record.body)
            let now = Timestamp.format(self.clock())
            let version = current.version + 1
            try await db.raw(
                """
                UPDATE records SET deleted = 1, version = \(bind: version), updated_at = \(bind: now),
                    updated_by = \(bind: actor)
                WHERE id = \(bind: id.description) AND version = \(bind: current.version)
                """
            ).run()
            try await self.appendVersion(
                id, version: version, action: .delete, encoded: encoded, changed: [], at: now, by: actor, in: db)
            try await self.removeIndexes(id, seq: current.seq, in: db)
            return try await self.row(id, in: db).record()
        }
    }

    // MARK: - Inside a transaction

    func insert(_ body: any RecordBody, id: RecordID, by actor: String, in db: any SQLDatabase) async throws
        -> StoredRecord
    {
        try await validate(body, id: id, in: db)
        let encoded = try RecordCodec.encode(body)
        let now = Timestamp.format(clock())
        let kind = type(of: body).kind
        try await db.raw(
            """
            INSERT INTO records (id, kind, version, title, body, identity, date_from, date_to, deleted,
                created_at, created_by, updated_at, updated_by)
            VALUES (\(bind: id.description), \(bind: kind.rawValue), 1, \(bind: String(body.title.prefix(300))),
                \(bind: encoded.body), \(bind: encoded.identity), \(bind: body.period?.from.iso),
                \(bind: body.period?.to.iso), 0, \(bind: now), \(bind: actor), \(bind: now), \(bind: actor))
            """
        ).run()
        try await appendVersion(
            id, version: 1, action: .create, encoded: encoded, changed: encoded.fields.keys.sorted().map { "/" + $0 },
            at: now, by: actor, in: db)
        let seq = try await row(id, in: db).seq
        try await writeIndexes(body, id: id, seq: seq, in: db)
        return StoredRecord(
            metadata: RecordMetadata(
                id: id, kind: kind, version: 1, title: String(body.title.prefix(300)), createdAt: now,
                createdBy: actor, updatedAt: now, updatedBy: actor, deleted: false),
            body: body)
    }

    func replace(
        _ current: RecordRow, with body: any RecordBody, action: RecordVersion.Action, by actor: String,
        in db: any SQLDatabase
    ) async throws -> StoredRecord {
        guard let id = RecordID(current.id) else { throw StoreError.badCursor }
        try await validate(body, id: id, in: db)
        let encoded = try RecordCodec.encode(body)
        let previous = try RecordCodec.fields(body: current.body, identity: current.identity)
        let changed = RecordCodec.changedFields(from: previous, to: encoded.fields)
        let now = Timestamp.format(clock())
        let version = current.version + 1
        let updated = try await db.raw(
            """
            UPDATE records SET version = \(bind: version), title = \(bind: String(body.title.prefix(300))),
                body = \(bind: encoded.body), identity = \(bind: encoded.identity),
                date_from = \(bind: body.period?.from.iso), date_to = \(bind: body.period?.to.iso), deleted = 0,
                updated_at = \(bind: now), updated_by = \(bind: actor)
            WHERE id = \(bind: id.description) AND version = \(bind: current.version)
            RETURNING version
            """
        ).all()
        guard updated.count == 1 else {
            let latest = try await row(id, in: db)
            throw StoreError.conflict(id, current: latest.version)
        }
        try await appendVersion(id, version: version, action: action, encoded: encoded, changed: changed, at: now, by: actor, in: db)
        try await removeIndexes(id, seq: current.seq, in: db)
        try await writeIndexes(body, id: id, seq: current.seq, in: db)
        return try await row(id, in: db).record()
    }

    /// The record's own rules, its vocabulary codes, and that every record it refers to exists,
    /// is live and is of an allowed kind.
    func validate(_ body: any RecordBody, id: RecordID, in db: any SQLDatabase) async throws {
        var checker = Checker()
        body.check(into: &checker)
        vocabulary.withLock { $0.check(body.vocabularyUses, into: &checker) }
        let references = body.references
        if !references.isEmpty {
            let ids = Array(Set(references.map(\.id.description)))
            let rows = try await db.raw(
                "SELECT id, kind FROM records WHERE deleted = 0 AND id IN (\(binds: ids))"
            ).all()
            var kinds: [String: RecordKind] = [:]
            for row in rows {
                kinds[try row.decode(column: "id", as: String.self)] = RecordKind(
                    rawValue: try row.decode(column: "kind", as: String.self))
            }
            for reference in references {
                if reference.id == id {
                    checker.fail(reference.path, "a record cannot refer to itself")
                } else if let kind = kinds[reference.id.description] {
                    if !reference.kinds.isEmpty, !reference.kinds.contains(kind) {
                        let allowed = reference.kinds.map(\.rawValue).sorted().joined(separator: " or ")
                        checker.fail(reference.path, "refers to a \(kind.rawValue), not a \(allowed)")
                    }
                } else {
                    checker.fail(reference.path, "refers to no record (\(reference.id))")
                }
            }
        }
        if !checker.issues.isEmpty { throw StoreError.invalid(checker.issues) }
    }

    func appendVersion(
        _ id: RecordID, version: Int, action: RecordVersion.Action, encoded: RecordCodec.Encoded, changed: [String],
        at time: String, by actor: String, in db: any SQLDatabase
    ) async throws {
        let changedJSON = String(decoding: try JSONEncoder().encode(changed), as: UTF8.self)
        try await db.raw(
            """
            INSERT INTO record_versions (record_id, version, action, body, identity, changed_fields, changed_at, changed_by)
            VALUES (\(bind: id.description), \(bind: version), \(bind: action.rawValue), \(bind: encoded.body),
                \(bind: encoded.identity), \(bind: changedJSON), \(bind: time), \(bind: actor))
            """
        ).run()
    }

    /// References, facets (vocabulary codes with their broader terms) and search text.
    func writeIndexes(_ body: any RecordBody, id: RecordID, seq: Int, in db: any SQLDatabase) async throws {
        for reference in body.references {
            try await db.raw(
                """
                INSERT INTO record_refs (from_id, path, to_id, rolls_up)
                VALUES (\(bind: id.description), \(bind: reference.path), \(bind: reference.id.description),
                    \(bind: reference.rollsUp ? 1 : 0))
                """
            ).run()
        }
        var facets = Set(body.facets)
        vocabulary.withLock { index in
            for use in body.vocabularyUses {
                guard let name = use.facet else { continue }
                for code in index.lineage(use.scheme, use.code) { facets.insert(Facet(name, code)) }
            }
        }
        for facet in facets {
            try await db.raw(
                """
                INSERT INTO record_facets (record_id, name, value)
                VALUES (\(bind: id.description), \(bind: facet.name.rawValue), \(bind: facet.value))
                """
            ).run()
        }
        let content = SearchText.normalise(([body.title] + body.searchText).filter { !$0.isEmpty }.joined(separator: "\n"))
        switch database.dialect {
        case .sqlite:
            try await db.raw("INSERT INTO record_search (rowid, content) VALUES (\(bind: seq), \(bind: content))").run()
        case .postgres:
            try await db.raw("INSERT INTO record_search (seq, content) VALUES (\(bind: seq), \(bind: content))").run()
        }
    }

    func removeIndexes(_ id: RecordID, seq: Int, in db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM record_refs WHERE from_id = \(bind: id.description)").run()
        try await db.raw("DELETE FROM record_facets WHERE record_id = \(bind: id.description)").run()
        switch database.dialect {
        case .sqlite: try await db.raw("DELETE FROM record_search WHERE rowid = \(bind: seq)").run()
        case .postgres: try await db.raw("DELETE FROM record_search WHERE seq = \(bind: seq)").run()
        }
    }

    func require(_ row: RecordRow, is kind: RecordKind, version: Int) throws {
        guard let id = RecordID(row.id) else { throw StoreError.badCursor }
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
