import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsTestSupport

@testable import WhereaboutsStore

@Suite("index maintenance")
struct IndexMaintenanceTests {
    private let reader = RecordAccess(compartments: nil, seesIdentities: true)

    private func found(_ term: String, in store: SQLRecordStore) async throws -> [RecordID] {
        try await store.search(SearchQuery(text: term), access: reader).items.map(\.id)
    }

    /// Rows of the search indexes for a record's seq, and (SQLite) the rows still waiting to be moved in.
    private func indexRows(_ seq: Int, in store: SQLRecordStore) async throws -> (blind: Int, search: Int, pending: Int)
    {
        try await store.database.write { db in
            let blind =
                try await db.raw("SELECT count(*) AS n FROM record_blind_index WHERE seq = \(bind: seq)")
                .first(decodingColumn: "n", as: Int.self) ?? -1
            guard store.database.dialect == .sqlite else {
                let search =
                    try await db.raw("SELECT count(*) AS n FROM record_search WHERE seq = \(bind: seq)")
                    .first(decodingColumn: "n", as: Int.self) ?? -1
                return (blind, search, 0)
            }
            let search =
                try await db.raw("SELECT count(*) AS n FROM record_search WHERE rowid = \(bind: seq)")
                .first(decodingColumn: "n", as: Int.self) ?? -1
            let pending =
                try await db.raw(
                    """
                    SELECT (SELECT count(*) FROM temp.blind_pending) + (SELECT count(*) FROM temp.search_pending)
                        + (SELECT count(*) FROM temp.grams_pending) AS n
                    """
                ).first(decodingColumn: "n", as: Int.self) ?? -1
            return (blind, search, pending)
        }
    }

    private func seq(of id: RecordID, in store: SQLRecordStore) async throws -> Int {
        try await store.database.read { db in
            try await db.raw("SELECT seq FROM records WHERE id = \(bind: id.description)")
                .first(decodingColumn: "seq", as: Int.self) ?? -1
        }
    }

    @Test("after a bulk create, an update, a delete and a restore, a record is found by its current words only")
    func indexesFollowChanges() async throws {
        try await TestDatabase.withStore { store in
            let event = RecordID()
            let person = RecordID()
            try await store.createAll(
                [
                    (event, Sample.event()), (person, Sample.person()),
                    (RecordID(), Act(eventID: event, victimID: person, type: "abduction")),
                ], by: .operatorWriter(actor: "import"))
            #expect(try await found("영희", in: store) == [person])
            #expect(try await found("납치", in: store) == [event])
            let personSeq = try await seq(of: person, in: store)
            let afterCreate = try await indexRows(personSeq, in: store)
            #expect(afterCreate.blind > 5 && afterCreate.search == 1 && afterCreate.pending == 0)

            let current = try await store.get(person, access: .operatorAccess)
            _ = try await store.update(
                person, with: Sample.person("박정희", "Pak Jong-hui"), expectedVersion: current.version,
                by: .operatorWriter(actor: "editor"))
            #expect(try await found("영희", in: store).isEmpty)
            #expect(try await found("Young-hee", in: store).isEmpty)
            #expect(try await found("정희", in: store) == [person])
            #expect(try await found("Park Chung-hee", in: store) == [person])
            let afterUpdate = try await indexRows(personSeq, in: store)
            #expect(afterUpdate.blind > 5 && afterUpdate.search == 1 && afterUpdate.pending == 0)

            let eventRecord = try await store.get(event, access: .operatorAccess)
            let changed = Sample.event("A boat seen off Sado island")
            _ = try await store.update(
                event, with: changed, expectedVersion: eventRecord.version, by: .operatorWriter(actor: "editor"))
            #expect(try await found("Niigata", in: store).isEmpty)
            #expect(try await found("Sado", in: store) == [event])

            // A failed bulk create leaves no index rows behind, pending or written.
            let before = try await indexRows(personSeq, in: store)
            await #expect(throws: StoreError.self) {
                try await store.createAll(
                    [
                        (RecordID(), Sample.person("최순희", "Choe Sun-hui")),
                        (RecordID(), Act(eventID: RecordID(), victimID: person, type: "abduction")),
                    ], by: .operatorWriter(actor: "import"))
            }
            #expect(try await found("순희", in: store).isEmpty)
            #expect(try await indexRows(personSeq, in: store) == before)
        }
    }

    @Test("a record created and changed in one transaction keeps only its last index rows")
    func changedWithinOneTransaction() async throws {
        try await TestDatabase.withStore { store in
            let writer = Writer.operatorWriter(actor: "editor")
            let person = try await store.create(Sample.person(), by: writer)
            let sealer = try await store.sealerForNewRecords(by: writer)
            // Two re-indexings of the same record in one transaction, as re-sealing could do.
            try await store.changingWrite { db in
                let row = try await store.row(person.id, in: db)
                for body in [Sample.person("이순자", "Yi Sun-ja"), Sample.person("한미숙", "Han Mi-suk")] {
                    let prepared = try PreparedRecord(
                        body, id: person.id, vocabulary: store.vocabularyIndex, sealer: sealer)
                    try await store.removeIndexes(person.id, seq: row.seq, in: db)
                    try await store.insertIndexes([(prepared, row.seq)], in: db)
                }
            }
            #expect(try await found("영희", in: store).isEmpty)
            #expect(try await found("순자", in: store).isEmpty)
            #expect(try await found("미숙", in: store) == [person.id])
        }
    }
}

@Suite("migration 9: compact tables")
struct CompactTablesMigrationTests {
    @Test("rows written before step 9 survive it, in tables without rowid, and stay searchable and removable")
    func upgradesExistingRows() async throws {
        guard TestDatabase.postgresURL == nil else { return }  // SQLite's tables only.
        try await TestDatabase.withDatabase { handle in
            try await Migrator.migrate(handle, now: Date(), through: 8)
            try await handle.write { db in
                for statement: SQLQueryString in [
                    """
                    INSERT INTO records (seq, id, kind, version, title, body, created_at, created_by, updated_at,
                        updated_by)
                    VALUES (1, 'a', 'event', 1, 'Event', '{}', 't', 'x', 't', 'x'),
                        (2, 'b', 'person', 1, 'Person', '{}', 't', 'x', 't', 'x')
                    """,
                    "INSERT INTO record_refs VALUES ('a', '/victims/0', 'b', 1)",
                    "INSERT INTO record_facets VALUES ('a', 'country', 'JP'), ('a', 'country', 'KP')",
                    "INSERT INTO record_home_compartments VALUES ('a', 'general'), ('b', 'general')",
                    "INSERT INTO record_compartments VALUES ('a', 'general'), ('b', 'general')",
                    "INSERT INTO record_blind_index VALUES ('d1', 2), ('d2', 2), ('d3', 1)",
                    "INSERT INTO record_grams (rowid, grams) VALUES (1, '납 치 납치')",
                ] {
                    try await db.raw(statement).run()
                }
            }
            try await Migrator.migrate(handle, now: Date())
            try await handle.read { db in
                for table in ["record_refs", "record_facets", "record_home_compartments", "record_compartments"] {
                    let sql = try await db.raw("SELECT sql FROM sqlite_master WHERE name = \(bind: table)")
                        .first(decodingColumn: "sql", as: String.self)
                    #expect(sql?.hasSuffix("WITHOUT ROWID") == true, "\(table)")
                }
                let counts = try await db.raw(
                    """
                    SELECT (SELECT count(*) FROM record_refs) AS refs, (SELECT count(*) FROM record_facets) AS facets,
                        (SELECT count(*) FROM record_home_compartments) AS homes,
                        (SELECT count(*) FROM record_compartments) AS placed,
                        (SELECT count(*) FROM record_blind_index) AS blind,
                        (SELECT count(*) FROM sqlite_master WHERE name = 'record_blind_index_seq') AS seq_index
                    """
                ).first()
                #expect(try counts?.decode(column: "refs", as: Int.self) == 1)
                #expect(try counts?.decode(column: "facets", as: Int.self) == 2)
                #expect(try counts?.decode(column: "homes", as: Int.self) == 2)
                #expect(try counts?.decode(column: "placed", as: Int.self) == 2)
                #expect(try counts?.decode(column: "blind", as: Int.self) == 3)
                #expect(try counts?.decode(column: "seq_index", as: Int.self) == 0)
                let digests = try await db.raw("SELECT seq, digests FROM record_blind_digests ORDER BY seq").all()
                #expect(try digests.map { try $0.decode(column: "seq", as: Int.self) } == [1, 2])
                #expect(
                    try digests.map { try $0.decode(column: "digests", as: String.self) } == [
                        #"["d3"]"#, #"["d1","d2"]"#,
                    ])
                let grams = try await db.raw("SELECT rowid FROM record_grams WHERE record_grams MATCH '\"납치\"'")
                    .all(decodingColumn: "rowid", as: Int.self)
                #expect(grams == [1])
            }
            // A record indexed before the step is removed from the indexes by its kept digests.
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            try await handle.write { db in
                try await store.removeIndexes(RecordID(), seq: 2, in: db)
                try await store.removeIndexes(RecordID(), seq: 1, in: db)
            }
            try await handle.read { db in
                let left = try await db.raw(
                    """
                    SELECT (SELECT count(*) FROM record_blind_index) + (SELECT count(*) FROM record_blind_digests)
                        + (SELECT count(*) FROM record_grams WHERE record_grams MATCH '"납치"') AS n
                    """
                ).first(decodingColumn: "n", as: Int.self)
                #expect(left == 0)
            }
        }
    }
}
