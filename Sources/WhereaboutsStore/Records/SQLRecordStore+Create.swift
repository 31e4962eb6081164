import Foundation
import SQLKit
import WhereaboutsCore

/// Creating records: one, or many in one transaction (imports), with their first versions, indexes and
/// placement.
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
    /// writer's compartments. `alsoInTransaction` runs after the last record, in the same transaction.
    public func createAll(
        _ bodies: NewRecords, homes: [RecordID: Set<String>] = [:], by writer: Writer,
        progress: (@Sendable (Int) -> Void)? = nil, alsoInTransaction: AlsoInTransaction? = nil
    ) async throws {
        let (stream, continuation) = AsyncThrowingStream<NewRecords, any Error>.makeStream()
        continuation.yield(bodies)
        continuation.finish()
        try await createAll(
            streaming: stream, homes: homes, by: writer, progress: progress, alsoInTransaction: alsoInTransaction)
    }

    /// Creates the records of every batch the stream delivers, in one transaction that commits when
    /// the stream finishes and rolls back when it (or any record) fails — so a producer can keep
    /// checking its input while earlier batches are written, and still write all or nothing.
    /// Written in multi-row statements; records are prepared (checked, sealed, encoded) on other
    /// threads up to ``prepareAhead`` records ahead of the database (``ChunkPreparer``).
    /// `alsoInTransaction` runs once the stream has finished, before the commit.
    public func createAll(
        streaming batches: some AsyncSequence<NewRecords, any Error> & Sendable,
        homes: [RecordID: Set<String>] = [:], by writer: Writer, progress: (@Sendable (Int) -> Void)? = nil,
        alsoInTransaction: AlsoInTransaction? = nil
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
            try await alsoInTransaction?(db)
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
}
