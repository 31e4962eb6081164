import Foundation
import SQLKit
import Testing
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// A log of ten entries with a checkpoint every four, in a fresh folder.
private func withAudit(
    _ body: @escaping @Sendable (AuditLog, SQLRecordStore, URL) async throws -> Void
) async throws {
    try await TestDatabase.withStore { store in
        let folder = try TestDatabase.temporaryFolder()
        let log = AuditLog(
            database: store.database, clock: { Date() },
            checkpoints: AuditCheckpoints(
                file: folder.appendingPathComponent("audit-checkpoints.log"), key: .generate()),
            checkpointEvery: 4)
        for index in 1...10 {
            try await log.record(
                AuditEvent(
                    actor: "user\(index % 3)", action: index % 2 == 0 ? .signIn : .export, target: "t\(index)",
                    address: "10.0.0.\(index)", outcome: index == 5 ? .failure : .success, details: ["n": "\(index)"]))
        }
        try await body(log, store, folder)
    }
}

@Suite("audit log")
struct AuditLogTests {
    @Test("an untouched log verifies, with its signed checkpoints")
    func intact() async throws {
        try await withAudit { log, _, _ in
            try await log.checkpoint()
            let result = try await log.verify()
            #expect(result.isIntact, "\(result.problems)")
            #expect(result.entries == 10)
            #expect(result.checkpoints == 3)  // entries 4 and 8, and the head at 10
            #expect(try await log.entries(actor: "user1").map(\.seq) == [10, 7, 4, 1])
            #expect(try await log.entries(action: .export).count == 5)
        }
    }

    @Test("a changed entry is found and named")
    func changed() async throws {
        try await withAudit { log, store, _ in
            try await store.database.write { db in
                try await db.raw("UPDATE audit_log SET outcome = 'success' WHERE seq = 5").run()
            }
            let problems = try await log.verify().problems
            #expect(problems.contains { $0.hasPrefix("entry 5 was changed") }, "\(problems)")
        }
    }

    @Test("a removed entry is found, in the middle and at the end")
    func removed() async throws {
        try await withAudit { log, store, _ in
            try await store.database.write { db in try await db.raw("DELETE FROM audit_log WHERE seq = 6").run() }
            #expect(try await log.verify().problems.contains { $0.contains("entries 6–6 were removed") })
        }
        try await withAudit { log, store, _ in
            try await log.checkpoint()
            try await store.database.write { db in
                try await db.raw("DELETE FROM audit_log WHERE seq > 8").run()
                let hash =
                    try await db.raw("SELECT hash FROM audit_log WHERE seq = 8").first(
                        decodingColumn: "hash", as: String.self) ?? ""
                try await db.raw("UPDATE audit_head SET seq = 8, hash = \(bind: hash) WHERE id = 1").run()
            }
            #expect(try await log.verify().problems.contains { $0.contains("entries 9–10 were removed") })
        }
    }

    @Test("swapped entries and a chain rewritten wholesale are found; a forged checkpoint line is found")
    func reorderedAndRewritten() async throws {
        try await withAudit { log, store, _ in
            try await store.database.write { db in
                try await db.raw("UPDATE audit_log SET target = 'swap' WHERE seq = 2").run()
                try await db.raw("UPDATE audit_log SET target = 't2' WHERE seq = 3").run()
                try await db.raw("UPDATE audit_log SET target = 't3' WHERE seq = 2").run()
            }
            let problems = try await log.verify().problems
            #expect(problems.contains { $0.hasPrefix("entry 2 was changed") })
            #expect(problems.contains { $0.hasPrefix("entry 3 was changed") })
        }
        try await withAudit { log, store, folder in
            // Someone rewrites entry 2 and recomputes every hash after it: only the signed checkpoints know.
            try await store.database.write { db in
                try await db.raw("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2").run()
                var previous = AuditChain.origin
                for row in try await db.raw("SELECT * FROM audit_log ORDER BY seq").all() {
                    let fields = try ["seq", "at", "actor", "action", "target", "address", "outcome", "details"].map {
                        name -> String in
                        name == "seq"
                            ? String(try row.decode(column: name, as: Int.self))
                            : try row.decode(column: name, as: String.self)
                    }
                    previous = AuditChain.hash(previous: previous, fields: fields)
                    try await db.raw(
                        "UPDATE audit_log SET hash = \(bind: previous) WHERE seq = \(bind: Int(fields[0]) ?? 0)"
                    )
                    .run()
                }
                try await db.raw("UPDATE audit_head SET hash = \(bind: previous) WHERE id = 1").run()
            }
            let problems = try await log.verify().problems
            #expect(
                problems.contains { $0.contains("differs from its signed checkpoint: entries up to 4") }, "\(problems)")
            let file = folder.appendingPathComponent("audit-checkpoints.log")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(of: "4 ", with: "3 ").write(to: file, atomically: true, encoding: .utf8)
            #expect(try await log.verify().problems.contains { $0.contains("has no valid signature") })
        }
    }

    @Test("the chain's hash depends on every field and on the order")
    func hashing() {
        let base = AuditChain.hash(previous: AuditChain.origin, fields: ["1", "a", "b"])
        #expect(base.count == 64)
        #expect(AuditChain.hash(previous: AuditChain.origin, fields: ["1", "ab", ""]) != base)
        #expect(AuditChain.hash(previous: AuditChain.origin, fields: ["1", "b", "a"]) != base)
        #expect(AuditChain.hash(previous: base, fields: ["1", "a", "b"]) != base)
    }
}
