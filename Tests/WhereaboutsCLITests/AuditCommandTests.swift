import Foundation
import Logging
import SQLiteKit
import Testing
import WhereaboutsStore

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
            FileManager.default.fileExists(
                atPath: tool.dataDirectory.appendingPathComponent("audit-checkpoints.log").path))

        let connection = try await SQLiteConnection.open(
            storage: .file(path: tool.databasePath), logger: Logger(label: "test"))
        _ = try await connection.query("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2").get()
        try await connection.close()
        let tampered = try tool.run(["audit", "verify"])
        #expect(tampered.status == 1)
        #expect(tampered.output.contains("entry 2 was changed"))
    }
}
