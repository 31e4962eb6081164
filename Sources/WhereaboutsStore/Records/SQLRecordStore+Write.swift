import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// Creates a record and its first version.
    public func create(_ body: any RecordBody, by writer: Writer) async throws -> StoredRecord {
        let prepared = try PreparedRecord(
            body, id: RecordID(), vocabulary: vocabularyIndex, sealer: try await sealerForNewRecords(by: writer))
        try writer.requireIdentityAccess(for: prepared.kind)
        try await changingWrite { db in
            let referred = try await self.checkReferences(
                [prepared], createdEarlier: [:], access: writer.access, in: db)
            try await self.insert([prepared], referring: referred, by: writer, in: db)
        }
        return try await get(prepared.id, access: writer.access)
    }

    /// Records to create, in an order in which each refers only to records before it.
    public typealias NewRecords = [(id: RecordID, body: any RecordBody)]

    /// Creates many records in one transaction: all of them, or, when any is invalid, none.
    /// Records may refer to records earlier in the same list.
    ///
    /// `homes` places the records it names directly in those compartments (an import keeping the
    /// placement an export carried); records that hang from no case record and are not named go to the
    /// writer's compartments.
    public func createAll(
        _ bodies: NewRecords, homes: [RecordID: Set<String>] = [:], by writer: Writer,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws {
        let (stream, continuation) = AsyncThrowingStream<NewRecords, any Error>.makeStream()
        continuation.yield(bodies)
        continuation.finish()
        try await createAll(streaming: stream, homes: homes, by: writer, progress: progress)
    }

    /// Creates the records of every batch the stream delivers, in one transaction that commits when
    /// the stream finishes and rolls back when it (or any record) fails — so a producer can keep
    /// checking its input while earlier batches are written, and still write all or nothing.
    /// Written in multi-row statements; records are prepared (checked, sealed, encoded) on other
    /// threads up to ``prepareAhead`` records ahead of the database (``ChunkPreparer``).
    public func createAll(
        streaming batches: some AsyncSequence<NewRecords, any Error> & Sendable,
        homes: [RecordID: Set<String>] = [:], by writer: Writer, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws {
        let vocabulary = vocabularyIndex
        let sealer = try await sealerForNewRecords(by: writer)
        let named = Set(homes.values.flatMap { $0 })
        let issues = CompartmentID.issues(named, at: "/homeCompartments")
        if !issues.isEmpty { throw StoreError.invalid(issues) }
        try writer.requireMembership(named)
        let bulk = database.dialect == .sqlite
        try await changingWrite { db in
            let preparer = ChunkPreparer(batches, chunkSize: Self.batchSize, window: Self.prepareAhead / Self.batchSize)
            {
                try $0.map {
                    let prepared = try PreparedRecord($0.body, id: $0.id, vocabulary: vocabulary, sealer: sealer)
                    return bulk ? prepared.withBulkRows() : prepared
                }
            }
            var created: [RecordID: RecordKind] = [:]
            var context = InsertContext(homes: homes)
            if !named.isEmpty { try await self.requireCompartmentsExist(named, in: db) }
            var done = 0
            var flushedAt = 0
            do {
                for try await chunk in preparer.chunks {
                    for record in chunk { try writer.requireIdentityAccess(for: record.kind) }
                    let referred = try await self.checkReferences(
                        chunk, createdEarlier: created, access: writer.access, in: db)
                    try await self.insert(chunk, referring: referred, by: writer, in: db, context: &context)
                    for record in chunk { created[record.id] = record.kind }
                    done += chunk.count
                    if bulk, done - flushedAt >= Self.pendingLimit {
                        try await self.flushPendingIndexes(in: db)
                        flushedAt = done
                    }
                    progress?(done)
                }
            } catch {
                await preparer.stop()
                throw error
            }
            await preparer.stop()
        }
    }

    /// Records a bulk create may have prepared and not yet written: enough to keep the other cores
    /// busy while the database moves pending index rows in (seconds), few enough to bound memory.
    static var prepareAhead: Int { 40_000 }

    /// Records whose index rows may wait in SQLite's temporary tables before a bulk create moves them
    /// in (``flushPendingIndexes(in:)``): bounds the memory of an import of any size.
    static var pendingLimit: Int { 100_000 }

    /// Rows per multi-row statement: well under SQLite's and PostgreSQL's limits on bound parameters.
    static var batchSize: Int { 200 }

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

    // MARK: - Inside a transaction

    /// Throws the record's own issues together with its reference issues: every reference must name a
    /// live record of an allowed kind, or one created earlier in the transaction. Returns the kinds of
    /// the records referred to.
    @discardableResult
    func checkReferences(
        _ records: [PreparedRecord], createdEarlier: [RecordID: RecordKind], access: RecordAccess,
        in db: any SQLDatabase
    ) async throws -> [RecordID: RecordKind] {
        let inBatch = Dictionary(records.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let unknown = Set(records.flatMap(\.references).map(\.id))
            .filter { createdEarlier[$0] == nil && inBatch[$0] == nil }
        var stored: [RecordID: RecordKind] = [:]
        if !unknown.isEmpty {
            let rows = try await db.raw(
                """
                SELECT r.id, r.kind FROM records r
                WHERE r.deleted = 0 AND r.id IN (\(binds: unknown.map(\.description))) \(access.visibleRecordClause)
                """
            ).all()
            for row in rows {
                if let id = RecordID(try row.decode(column: "id", as: String.self)),
                    let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self))
                {
                    stored[id] = kind
                }
            }
        }
        var referred: [RecordID: RecordKind] = [:]
        for record in records {
            let issues = record.issues + record.referenceIssues { createdEarlier[$0] ?? inBatch[$0] ?? stored[$0] }
            if !issues.isEmpty { throw StoreError.invalid(issues) }
            for reference in record.references {
                referred[reference.id] = createdEarlier[reference.id] ?? inBatch[reference.id] ?? stored[reference.id]
            }
        }
        return referred
    }

    /// What one transaction's inserts have learnt so far, carried from chunk to chunk of a bulk create.
    struct InsertContext {
        /// Records of this transaction placed in exactly the writer's compartments (see ``placeNew``).
        var uniformlyPlaced: Set<RecordID> = []
        /// SQLite: the last seq given in this transaction, once known.
        var lastSeq: Int?
        /// Whether the writer's compartments were found to exist in this transaction.
        var compartmentsChecked = false
        /// Records to place directly in given compartments rather than the writer's (an import).
        var homes: [RecordID: Set<String>] = [:]
    }

    /// Inserts new records with their first versions and indexes, one statement per table; `referred`
    /// gives the kinds of the records they refer to (``checkReferences(_:createdEarlier:access:in:)``).
    func insert(
        _ records: [PreparedRecord], referring referred: [RecordID: RecordKind], by writer: Writer,
        in db: any SQLDatabase
    ) async throws {
        var context = InsertContext()
        try await insert(records, referring: referred, by: writer, in: db, context: &context)
    }

    func insert(
        _ records: [PreparedRecord], referring referred: [RecordID: RecordKind], by writer: Writer,
        in db: any SQLDatabase, context: inout InsertContext
    ) async throws {
        guard !records.isEmpty else { return }
        let actor = writer.actor
        let now = Timestamp.format(clock())
        // Each record's seq, in the order of `records`.
        let seqs: [Int]
        if database.dialect == .sqlite {
            // One bound JSON array per statement, expanded by SQLite (``JSONRows``). The writer is alone
            // in its transaction, so it numbers the records itself, after the largest seq ever given.
            let base: Int
            if let last = context.lastSeq { base = last } else { base = try await lastSeq(in: db) }
            context.lastSeq = base + records.count
            seqs = records.indices.map { base + $0 + 1 }
            try await db.raw(
                """
                INSERT INTO records (seq, id, kind, version, title, body, identity, date_from, date_to, deleted,
                    created_at, created_by, updated_at, updated_by)
                SELECT \(bind: base) + key + 1, value ->> 0, value ->> 1, 1, value ->> 2, value ->> 3, value ->> 4,
                    value ->> 5, value ->> 6, 0, \(bind: now), \(bind: actor), \(bind: now), \(bind: actor)
                FROM json_each(\(bind: JSONRows.array(records.map { ($0.bulkRows ?? .init($0)).record })))
                """
            ).run()
            let versions = PreparedRecord.BulkRows.keyed(
                records.map { ($0.bulkRows ?? .init($0)).version }, seqs: seqs)
            try await db.raw(
                """
                INSERT INTO record_versions (seq, version, action, body, identity, changed_fields, changed_at,
                    changed_by)
                SELECT value ->> 0, 1, \(bind: RecordVersion.Action.create.rawValue), NULL, NULL, value ->> 1,
                    \(bind: now), \(bind: actor)
                FROM json_each(\(bind: versions))
                """
            ).run()
        } else {
            let values: [SQLQueryString] = records.map { record in
                """
                (\(bind: record.id.description), \(bind: record.kind.rawValue), 1, \(bind: record.storedTitle),
                    \(bind: record.encoded.body), \(bind: record.storedIdentity), \(bind: record.period?.from.iso),
                    \(bind: record.period?.to.iso), 0, \(bind: now), \(bind: actor), \(bind: now), \(bind: actor))
                """
            }
            let rows = try await db.raw(
                """
                INSERT INTO records (id, kind, version, title, body, identity, date_from, date_to, deleted,
                    created_at, created_by, updated_at, updated_by)
                VALUES \(values.joined(separator: ", ")) RETURNING id, seq
                """
            ).all()
            var returned: [String: Int] = [:]
            for row in rows {
                returned[try row.decode(column: "id", as: String.self)] = try row.decode(column: "seq", as: Int.self)
            }
            seqs = try records.map { record in
                guard let seq = returned[record.id.description] else {
                    throw StoreError.damaged("no seq returned for record \(record.id)")
                }
                return seq
            }
            try await insertVersions(
                zip(records, seqs).map { ($1, 1, .create, $0.encoded.fieldNames.map { "/" + $0 }) }, at: now,
                by: actor, in: db)
        }
        try await insertIndexes(Array(zip(records, seqs)), in: db)
        try await placeNew(records, referring: referred, by: writer, in: db, context: &context)
    }

    /// The largest seq SQLite has ever given a record (deleted or not), so that seqs are never reused.
    private func lastSeq(in db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'records'), 0),
                coalesce((SELECT max(seq) FROM records), 0)) AS last
            """
        ).first(decodingColumn: "last", as: Int.self) ?? 0
    }

    /// Places new records: those hanging from nothing in the writer's compartments, then everything
    /// that follows from them; every new record must end up in some compartment.
    ///
    /// When every record refers only to records of the same list or to the context's uniformly placed
    /// ones (records of this transaction already placed in exactly the writer's compartments), the
    /// rules of decision 0004 place every one of them in exactly the writer's compartments too, so
    /// they are written straight away (a bulk import's usual case) and join the uniformly placed.
    func placeNew(
        _ records: [PreparedRecord], referring referred: [RecordID: RecordKind], by writer: Writer,
        in db: any SQLDatabase, context: inout InsertContext
    ) async throws {
        func requireWriterCompartments() async throws {
            try writer.requireMembership(writer.compartments)
            if !context.compartmentsChecked {
                try await requireCompartmentsExist(writer.compartments, in: db)
                context.compartmentsChecked = true
            }
        }
        let given = records.filter { context.homes[$0.id] != nil }
        for (home, group) in Dictionary(grouping: given, by: { context.homes[$0.id] ?? [] }) {
            try await insertHomes(of: group.map(\.id.description), in: home.sorted(), db: db)
        }
        let parentless = records.filter { context.homes[$0.id] == nil && !$0.hangsFromCase(referred) }
        if !parentless.isEmpty {
            try await requireWriterCompartments()
            try await insertHomes(of: parentless.map(\.id.description), in: writer.compartments.sorted(), db: db)
        }
        let ids = records.map(\.id.description)
        let batch = Set(records.map(\.id))
        // Read in place: a copy of the set held while it grows below would be copied whole, every chunk.
        let closed =
            given.isEmpty
            && records.allSatisfy { record in
                record.references.allSatisfy { batch.contains($0.id) || context.uniformlyPlaced.contains($0.id) }
            }
        if closed, !writer.compartments.isEmpty {
            try await requireWriterCompartments()
            try await insertPlacements(of: ids, in: writer.compartments.sorted(), db: db)
            context.uniformlyPlaced.formUnion(batch)
            return
        }
        try await refreshCompartments(Set(ids), mode: .additive, in: db)
        try await requireVisibleSomewhere(ids, in: db)
    }

    /// The records a record refers to.
    func referenceTargets(of id: RecordID, in db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.raw("SELECT to_id FROM record_refs WHERE from_id = \(bind: id.description)")
                .all(decodingColumn: "to_id", as: String.self))
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
        let referred = try await checkReferences([record], createdEarlier: [:], access: writer.access, in: db)
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
        let previousTargets = try await referenceTargets(of: record.id, in: db)
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

    /// References, facets (vocabulary codes with their broader terms), blind-index digests and search text.
    func insertIndexes(_ records: [(record: PreparedRecord, seq: Int)], in db: any SQLDatabase) async throws {
        switch database.dialect {
        case .sqlite:
            try await insertIndexesAsJSON(
                records.map { $0.record.bulkRows ?? .init($0.record) }, seqs: records.map(\.seq), in: db)
        case .postgres: try await insertIndexRows(records, in: db)
        }
    }

    /// SQLite: one bound JSON array per table, expanded by `json_each` (``JSONRows``).
    private func insertIndexesAsJSON(
        _ bulk: [PreparedRecord.BulkRows], seqs: [Int], in db: any SQLDatabase
    ) async throws {
        let references = JSONRows.array(bulk.map(\.references))
        if references != "[]" {
            try await db.raw(
                """
                INSERT INTO record_refs (from_id, path, to_id, rolls_up, parent)
                SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(\(bind: references))
                """
            ).run()
        }
        let facets = PreparedRecord.BulkRows.keyed(bulk.map(\.facets), seqs: seqs)
        if facets != "[]" {
            try await db.raw(
                """
                INSERT INTO record_facets (seq, name, value)
                SELECT r.value ->> 0, f.value ->> 0, f.value ->> 1 FROM json_each(\(bind: facets)) r,
                    json_each(r.value, '$[1]') f
                """
            ).run()
        }
        // Blind-index rows wait in a temporary table until the transaction ends (``flushPendingIndexes``);
        // each record's digests are also kept beside its seq, to remove them by key later.
        let blind = PreparedRecord.BulkRows.keyed(bulk.map(\.blind), seqs: seqs)
        if blind != "[]" {
            try await db.raw(
                """
                INSERT INTO temp.blind_pending (digest, seq)
                SELECT d.value, r.value ->> 0 FROM json_each(\(bind: blind)) r, json_each(r.value, '$[1]') d
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO record_blind_digests (seq, digests) SELECT value ->> 0, value -> 1
                FROM json_each(\(bind: blind))
                """
            ).run()
        }
        indexRowsPending.withLock { $0 = true }
        // Search text and grams wait too: FTS5 writes out what it holds at every statement, so rows
        // inserted a chunk at a time would make many small segments to merge.
        let search = PreparedRecord.BulkRows.keyed(bulk.map(\.search), seqs: seqs)
        try await db.raw(
            "INSERT INTO temp.search_pending (seq, content) SELECT value ->> 0, value ->> 1 FROM json_each(\(bind: search))"
        ).run()
        let grams = PreparedRecord.BulkRows.keyed(bulk.map(\.grams), seqs: seqs)
        try await db.raw(
            "INSERT INTO temp.grams_pending (seq, grams) SELECT value ->> 0, value ->> 1 FROM json_each(\(bind: grams))"
        ).run()
    }

    /// PostgreSQL: reference, facet, blind-index and search rows bound value by value.
    private func insertIndexRows(_ records: [(record: PreparedRecord, seq: Int)], in db: any SQLDatabase) async throws {
        let references: [SQLQueryString] = records.flatMap { item in
            item.record.references.map { reference in
                """
                (\(bind: item.record.id.description), \(bind: reference.path), \(bind: reference.id.description),
                    \(bind: reference.rollsUp ? 1 : 0), \(bind: reference.role == .parent ? 1 : 0))
                """
            }
        }
        for chunk in references.chunked(Self.batchSize * 3) {
            try await db.raw(
                "INSERT INTO record_refs (from_id, path, to_id, rolls_up, parent) VALUES \(chunk.joined(separator: ", "))"
            ).run()
        }
        let facets: [SQLQueryString] = records.flatMap { item in
            item.record.facets.map { facet in
                "(\(bind: item.seq), \(bind: facet.name.rawValue), \(bind: facet.value))"
            }
        }
        for chunk in facets.chunked(Self.batchSize * 3) {
            try await db.raw(
                "INSERT INTO record_facets (seq, name, value) VALUES \(chunk.joined(separator: ", "))"
            ).run()
        }
        let blind: [SQLQueryString] = records.flatMap { item in
            item.record.blindDigests.map { "(\(bind: $0), \(bind: item.seq))" }
        }
        for chunk in blind.chunked(Self.batchSize * 4) {
            try await db.raw(
                "INSERT INTO record_blind_index (digest, seq) VALUES \(chunk.joined(separator: ", ")) ON CONFLICT DO NOTHING"
            ).run()
        }
        // Grams hold letters and digits only, so a space separates them safely.
        let search: [SQLQueryString] = records.map {
            """
            (\(bind: $0.seq), \(bind: $0.record.searchContent),
                string_to_array(\(bind: $0.record.searchGrams.joined(separator: " ")), ' '))
            """
        }
        try await db.raw("INSERT INTO record_search (seq, content, grams) VALUES \(search.joined(separator: ", "))")
            .run()
    }

    /// SQLite: moves the index rows this transaction wrote into the indexes — blind-index rows sorted
    /// by digest, so that a large import fills the index in key order instead of at random places;
    /// search text and grams in one statement each, so FTS5 builds few, large segments.
    func flushPendingIndexes(in db: any SQLDatabase) async throws {
        guard database.dialect == .sqlite, indexRowsPending.withLock({ $0 }) else { return }
        try await db.raw(
            "INSERT INTO record_blind_index (digest, seq) SELECT digest, seq FROM temp.blind_pending ORDER BY digest, seq"
        ).run()
        try await db.raw(
            "INSERT INTO record_search (rowid, content) SELECT seq, content FROM temp.search_pending ORDER BY seq"
        ).run()
        try await db.raw(
            "INSERT INTO record_grams (rowid, grams) SELECT seq, grams FROM temp.grams_pending ORDER BY seq"
        ).run()
        for table in ["blind_pending", "search_pending", "grams_pending"] {
            try await db.raw("DELETE FROM temp.\(unsafeRaw: table)").run()
        }
        indexRowsPending.withLock { $0 = false }
    }

    func removeIndexes(_ id: RecordID, seq: Int, in db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM record_refs WHERE from_id = \(bind: id.description)").run()
        try await db.raw("DELETE FROM record_facets WHERE seq = \(bind: seq)").run()
        switch database.dialect {
        case .sqlite:
            try await db.raw(
                """
                DELETE FROM record_blind_index WHERE seq = \(bind: seq) AND digest IN (
                    SELECT value FROM json_each((SELECT digests FROM record_blind_digests WHERE seq = \(bind: seq))))
                """
            ).run()
            try await db.raw("DELETE FROM record_blind_digests WHERE seq = \(bind: seq)").run()
            for table in ["blind_pending", "search_pending", "grams_pending"] {
                try await db.raw("DELETE FROM temp.\(unsafeRaw: table) WHERE seq = \(bind: seq)").run()
            }
            try await db.raw("DELETE FROM record_search WHERE rowid = \(bind: seq)").run()
            try await db.raw("DELETE FROM record_grams WHERE rowid = \(bind: seq)").run()
        case .postgres:
            try await db.raw("DELETE FROM record_blind_index WHERE seq = \(bind: seq)").run()
            try await db.raw("DELETE FROM record_search WHERE seq = \(bind: seq)").run()
        }
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

extension Array {
    /// The array cut into consecutive pieces of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension ArraySlice where Element == SQLQueryString {
    func joined(separator: String) -> SQLQueryString { Array(self).joined(separator: separator) }
}
