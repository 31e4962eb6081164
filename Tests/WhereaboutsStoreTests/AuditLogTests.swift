import Foundation
import SQLKit
import Testing
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// A log of ten entries with a checkpoint every four (entries 4 and 8), signed by a fresh node key.
private func withAudit(_ body: @escaping @Sendable (AuditLog, SQLRecordStore) async throws -> Void) async throws {
    try await TestDatabase.withStore { store in
        let log = AuditLog(database: store.database, clock: { Date() }, signer: .generate(), checkpointEvery: 4)
        for index in 1...10 {
            try await log.record(
                AuditEvent(
                    actor: "user\(index % 3)", action: index % 2 == 0 ? .signIn : .export, target: "t\(index)",
                    address: "10.0.0.\(index)", outcome: index == 5 ? .failure : .success, details: ["n": "\(index)"]))
        }
        try await body(log, store)
    }
}

@Suite("audit log")
struct AuditLogTests {
    @Test("an untouched log verifies: its checkpoints form a chain and the newest covers the head")
    func intact() async throws {
        try await withAudit { log, _ in
            #expect(try await log.verify().unprotected == 9...10)
            try await log.checkpoint()
            try await log.checkpoint()  // the head is covered already: no new checkpoint
            let result = try await log.verify()
            #expect(result.isIntactAndCovered, "\(result.problems)")
            #expect(result.entries == 10)
            #expect(result.checkpoints == 3)  // entries 4 and 8, and the head at 10
            let checkpoints = try await log.checkpoints()
            #expect(checkpoints.map(\.headSeq) == [4, 8, 10])
            #expect(checkpoints.map(\.previous) == [AuditChain.origin, checkpoints[0].hash, checkpoints[1].hash])
            #expect(checkpoints.allSatisfy { $0.node == log.signer?.id })
            #expect(try await log.entries(actor: "user1").map(\.seq) == [10, 7, 4, 1])
            #expect(try await log.entries(action: .export).count == 5)
        }
    }

    @Test("a changed entry is found and named")
    func changed() async throws {
        try await withAudit { log, store in
            try await store.database.write { db in
                try await db.raw("UPDATE audit_log SET outcome = 'success' WHERE seq = 5").run()
            }
            let problems = try await log.verify().problems
            #expect(problems.contains { $0.hasPrefix("entry 5 was changed") }, "\(problems)")
        }
    }

    @Test("a removed entry is found in the middle; a removed tail with the head moved back is found by its checkpoint")
    func removed() async throws {
        try await withAudit { log, store in
            try await store.database.write { db in try await db.raw("DELETE FROM audit_log WHERE seq = 6").run() }
            #expect(try await log.verify().problems.contains { $0.contains("entries 6–6 were removed") })
        }
        try await withAudit { log, store in
            try await log.checkpoint()
            try await store.database.write { db in
                try await db.raw("DELETE FROM audit_log WHERE seq > 8").run()
                try await AuditTampering.rehashEverything(db)
            }
            let problems = try await log.verify().problems
            #expect(
                problems.contains { $0.contains("entries 9–10 were removed: signed checkpoint 3 covers entry 10") },
                "\(problems)")
        }
    }

    @Test("an entry removed with every later one renumbered and every hash recomputed is found")
    func removedAndRehashed() async throws {
        try await withAudit { log, store in
            try await log.checkpoint()
            try await store.database.write { db in
                try await db.raw("DELETE FROM audit_log WHERE seq = 5").run()
                for seq in 6...10 {
                    try await db.raw("UPDATE audit_log SET seq = \(bind: seq - 1) WHERE seq = \(bind: seq)").run()
                }
                try await AuditTampering.rehashEverything(db)
            }
            let problems = try await log.verify().problems
            #expect(
                problems.contains { $0.contains("differs from signed checkpoint 2: entries up to 8 were rewritten") },
                "\(problems)")
            #expect(problems.contains { $0.contains("entries 10–10 were removed: signed checkpoint 3") })
        }
    }

    @Test("a deleted checkpoint is found; deleting the newest leaves the entries after it reported unprotected")
    func deletedCheckpoints() async throws {
        try await withAudit { log, store in
            try await log.checkpoint()
            try await store.database.write { db in
                try await db.raw("DELETE FROM audit_checkpoints WHERE number = 2").run()
            }
            let problems = try await log.verify().problems
            #expect(problems.contains { $0.contains("checkpoints 2–2 were deleted") }, "\(problems)")
        }
        try await withAudit { log, store in
            try await log.checkpoint()
            try await store.database.write { db in
                try await db.raw("DELETE FROM audit_checkpoints WHERE number = 3").run()
            }
            let result = try await log.verify()
            #expect(result.isIntact)
            #expect(result.unprotected == 9...10)
            try await store.database.write { db in try await db.raw("DELETE FROM audit_checkpoints").run() }
            #expect(try await log.verify().unprotected == 1...10)
        }
    }

    @Test("a chain rewritten wholesale, a rewritten checkpoint chain and a swapped signing key are each found")
    func rewrittenAndSwapped() async throws {
        try await withAudit { log, store in
            // Someone rewrites entry 2 and recomputes every hash after it: only the signed checkpoints know.
            try await store.database.write { db in
                try await db.raw("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2").run()
                try await AuditTampering.rehashEverything(db)
            }
            let problems = try await log.verify().problems
            #expect(
                problems.contains { $0.contains("differs from signed checkpoint 1: entries up to 4") }, "\(problems)")
            // … and re-signs the checkpoints with a key of their own: the auditor does not trust it.
            let forger = AuditLog(database: store.database, clock: { Date() }, signer: .generate(), checkpointEvery: 4)
            try await store.database.write { db in try await db.raw("DELETE FROM audit_checkpoints").run() }
            try await forger.checkpoint()
            let forged = try await log.verify().problems
            #expect(
                forged.contains {
                    $0.contains("checkpoint 1 is signed by \(forger.signer!.id), which is not among the trusted keys")
                }, "\(forged)")
            // … or keeps the trusted node's name on checkpoints signed with another key.
            try await store.database.write { db in
                try await db.raw("UPDATE audit_checkpoints SET node = \(bind: log.signer!.id)").run()
            }
            #expect(
                try await log.verify().problems.contains {
                    $0.contains("signature does not verify with the trusted key")
                })
        }
        try await withAudit { log, store in
            try await log.checkpoint()
            // A checkpoint re-signed (with the trusted key) on another predecessor breaks the checkpoint chain.
            let checkpoints = try await log.checkpoints()
            let resigned = try AuditCheckpoint.sign(
                number: 2, previous: AuditChain.origin, headSeq: checkpoints[1].headSeq,
                headHash: checkpoints[1].headHash,
                at: checkpoints[1].at, installation: checkpoints[1].installation, key: try #require(log.signer))
            try await store.database.write { db in
                try await db.raw(
                    "UPDATE audit_checkpoints SET previous = \(bind: resigned.previous), signature = \(bind: resigned.signature.base64EncodedString()) WHERE number = 2"
                ).run()
            }
            let problems = try await log.verify().problems
            #expect(
                problems.contains("checkpoint 2 does not follow from checkpoint 1: the checkpoint chain was rewritten"),
                "\(problems)")
            #expect(
                problems.contains("checkpoint 3 does not follow from checkpoint 2: the checkpoint chain was rewritten"))
        }
    }

    @Test("two nodes appending to one database make one checkpoint chain; verify trusts both only when told")
    func twoNodes() async throws {
        try await withAudit { first, store in
            let second = AuditLog(database: store.database, clock: { Date() }, signer: .generate(), checkpointEvery: 4)
            for index in 11...14 {
                try await second.record(AuditEvent(actor: "node2", action: .signIn, target: "t\(index)"))
            }
            try await first.checkpoint()
            let both = TrustedKeys([try #require(first.signer).publicKey, try #require(second.signer).publicKey])
            let result = try await first.verify(trusting: both)
            #expect(result.isIntactAndCovered, "\(result.problems)")
            #expect(Set(try await first.checkpoints().map(\.node)).count == 2)
            let onlyFirst = try await first.verify()
            #expect(
                onlyFirst.problems.contains { $0.contains("checkpoint 3 is signed by \(second.signer!.id)") },
                "\(onlyFirst.problems)")
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
