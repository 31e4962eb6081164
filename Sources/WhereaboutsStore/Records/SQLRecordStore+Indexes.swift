import Foundation
import SQLKit
import WhereaboutsCore

/// The index rows of records (references, facets, blind digests, search text and grams): written with
/// a record, moved in at the end of a bulk write on SQLite, removed when the record changes.
extension SQLRecordStore {
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
}
