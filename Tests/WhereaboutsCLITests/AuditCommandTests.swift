import Foundation
import Logging
import SQLiteKit
import Testing
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("audit command", .serialized)
struct AuditCommandTests {
    @Test("commands are audited; audit verify passes, and after tampering names the entry and exits 1")
    func verify() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["compartments", "add", "japan", "Japan abductions"]).status == 0)
        #expect(try tool.run(["users", "add", "kim", "--role", "documenter", "--compartment", "japan"]).status == 0)
        #expect(try tool.run(["users", "disable", "kim"]).status == 0)
        let list = try tool.run(["audit", "list"])
        #expect(list.output.contains("compartment-created"))
        #expect(list.output.contains("account-created"))
        #expect(list.output.contains("account-disabled"))
        let intact = try tool.run(["audit", "verify"])
        #expect(intact.status == 0, "\(intact.output) \(intact.errors)")
        #expect(intact.output.contains("the audit log is intact"))
        #expect(
            !FileManager.default.fileExists(
                atPath: tool.dataDirectory.appendingPathComponent("audit-checkpoints.log").path))

        let connection = try await SQLiteConnection.open(
            storage: .file(path: tool.databasePath), logger: Logger(label: "test"))
        _ = try await connection.query("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2").get()
        try await connection.close()
        let tampered = try tool.run(["audit", "verify"])
        #expect(tampered.status == 1)
        #expect(tampered.output.contains("entry 2 was changed"))
    }

    @Test(
        "an insider's edits are named: an entry removed with every hash recomputed, the checkpoints deleted, a swapped key"
    )
    func insider() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["compartments", "add", "japan", "Japan abductions"]).status == 0)
        #expect(try tool.run(["users", "add", "kim", "--role", "viewer", "--compartment", "japan"]).status == 0)
        #expect(try tool.run(["users", "disable", "kim"]).status == 0)
        let trust = tool.home.appendingPathComponent("trusted-keys")
        try Data(try tool.run(["audit", "trust", "export"]).output.utf8).write(to: trust)
        #expect(try tool.run(["audit", "verify", "--trusted-keys", trust.path]).status == 0)

        func tamper(_ statements: [SQLQueryString]) async throws {
            let connection = try await SQLiteConnection.open(
                storage: .file(path: tool.databasePath), logger: Logger(label: "test"))
            let db = connection.sql()
            for statement in statements { try await db.raw(statement).run() }
            try await AuditTampering.rehashEverything(db)
            try await connection.close()
        }
        // The account's disabling removed, every later entry renumbered, every hash recomputed.
        try await tamper([
            "DELETE FROM audit_log WHERE action = 'account-disabled'",
            "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3",
        ])
        let rehashed = try tool.run(["audit", "verify", "--trusted-keys", trust.path])
        #expect(rehashed.status == 1)
        #expect(
            rehashed.output.contains("were rewritten") || rehashed.output.contains("were removed"), "\(rehashed.output)"
        )
        // … and every checkpoint deleted too: nothing covers the log any more.
        try await tamper(["DELETE FROM audit_checkpoints"])
        let uncovered = try tool.run(["audit", "verify", "--trusted-keys", trust.path])
        #expect(uncovered.status == 1)
        #expect(
            uncovered.output.contains("come after any signed checkpoint: they are unprotected"), "\(uncovered.output)")

        // A new signing key put in place of the node's: its checkpoints are not the auditor's to trust.
        let fresh = try CommandLineTool()
        defer { fresh.cleanUp() }
        #expect(try fresh.run(["compartments", "add", "japan", "Japan abductions"]).status == 0)
        let freshTrust = fresh.home.appendingPathComponent("trusted-keys")
        try Data(try fresh.run(["audit", "trust", "export"]).output.utf8).write(to: freshTrust)
        try FileManager.default.removeItem(at: try fresh.keyFolder.appendingPathComponent("audit-node.key"))
        #expect(try fresh.run(["users", "add", "lee", "--role", "viewer", "--compartment", "japan"]).status == 0)
        let swapped = try fresh.run(["audit", "verify", "--trusted-keys", freshTrust.path])
        #expect(swapped.status == 1)
        #expect(swapped.output.contains("which is not among the trusted keys"), "\(swapped.output)")
    }
}
