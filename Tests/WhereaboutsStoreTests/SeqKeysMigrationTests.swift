import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsTestSupport

@testable import WhereaboutsStore

@Suite("migration 10: facets and versions keyed by seq")
struct SeqKeysMigrationTests {
    @Test("facets and versions written before step 10 keep their rows, now under their record's seq, and still read")
    func upgradesExistingRows() async throws {
        try await TestDatabase.withDatabase { handle in
            try await Migrator.migrate(handle, now: Date(), through: 9)
            let event = RecordID()
            let person = RecordID()
            try await handle.write { db in
                for statement: SQLQueryString in [
                    """
                    INSERT INTO records (id, kind, version, title, body, created_at, created_by, updated_at, updated_by)
                    VALUES (\(bind: person.description), 'person', 1, 'Person', '{}', 't1', 'x', 't1', 'x'),
                        (\(bind: event.description), 'event', 2, 'Event', '{}', 't1', 'x', 't2', 'y')
                    """,
                    """
                    INSERT INTO record_facets (record_id, name, value)
                    VALUES (\(bind: event.description), 'country', 'JP'), (\(bind: event.description), 'country', 'KP'),
                        (\(bind: person.description), 'fate', 'missing')
                    """,
                    """
                    INSERT INTO record_versions (record_id, version, action, body, identity, changed_fields, changed_at,
                        changed_by)
                    VALUES (\(bind: event.description), 1, 'create', '{"title":"Old"}', NULL, '["/title"]', 't1', 'x'),
                        (\(bind: event.description), 2, 'update', NULL, NULL, '["/title","/places"]', 't2', 'y'),
                        (\(bind: person.description), 1, 'create', NULL, NULL, '["/names"]', 't1', 'x')
                    """,
                ] {
                    try await db.raw(statement).run()
                }
            }
            let seqs = try await handle.read { db in
                try await db.raw("SELECT id, seq FROM records").all().reduce(into: [String: Int]()) { seqs, row in
                    seqs[try row.decode(column: "id", as: String.self)] = try row.decode(column: "seq", as: Int.self)
                }
            }
            #expect(try await Migrator.migrate(handle, now: Date()).first == 10)
            try await handle.read { db in
                let facets = try await db.raw("SELECT seq, name, value FROM record_facets ORDER BY seq, name, value")
                    .all()
                #expect(
                    try facets.map {
                        "\(try $0.decode(column: "seq", as: Int.self)) \(try $0.decode(column: "value", as: String.self))"
                    }
                        == [
                            "\(seqs[person.description]!) missing", "\(seqs[event.description]!) JP",
                            "\(seqs[event.description]!) KP",
                        ].sorted())
                let kept = try await db.raw(
                    "SELECT body FROM record_versions WHERE seq = \(bind: seqs[event.description]!) AND version = 1"
                ).first(decodingColumn: "body", as: String.self)
                #expect(kept == #"{"title":"Old"}"#)
            }
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            let everything = RecordAccess(compartments: nil, seesIdentities: true)
            let history = try await store.history(event, access: everything)
            #expect(history.map(\.version) == [2, 1])
            #expect(history.first?.changedFields == ["/title", "/places"])
            #expect(history.first?.changedBy == "y")
            #expect(try await store.history(person, access: everything).map(\.action) == [.create])
            #expect(try await store.facetCounts(.country, kind: .event, access: everything) == ["JP": 1, "KP": 1])
            let recent = try await store.recentChanges(access: everything, limit: 5)
            #expect(recent.first?.id == event)
            #expect(recent.first?.version == 2)
            // The foreign keys now point at the records' seqs: a record removed takes its rows along.
            try await handle.write { db in
                try await db.raw("DELETE FROM records WHERE id = \(bind: event.description)").run()
            }
            try await handle.read { db in
                let seq = seqs[event.description]!
                let left = try await db.raw(
                    """
                    SELECT (SELECT count(*) FROM record_facets WHERE seq = \(bind: seq)) AS facets,
                        (SELECT count(*) FROM record_versions WHERE seq = \(bind: seq)) AS versions,
                        (SELECT count(*) FROM record_versions) AS kept
                    """
                ).first()
                #expect(try left?.decode(column: "facets", as: Int.self) == 0)
                #expect(try left?.decode(column: "versions", as: Int.self) == 0)
                #expect(try left?.decode(column: "kept", as: Int.self) == 1)
            }
        }
    }
}
