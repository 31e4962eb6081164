import Foundation
import Logging
import SQLiteKit
import Testing
import WhereaboutsSecurity
import WhereaboutsTestSupport

@Suite("audit anchors", .serialized)
struct AnchorCommandTests {
    @Test(
        "audit anchor gets a timestamp of the newest checkpoint from a TSA and prints a line; verify --anchors finds deleted checkpoints and forged tokens"
    )
    func anchors() async throws {
        let tsa = try LocalTimestampAuthority()
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["compartments", "add", "japan", "Japan abductions"]).status == 0)
        #expect(try tool.run(["users", "add", "kim", "--role", "viewer", "--compartment", "japan"]).status == 0)
        let file = tool.home.appendingPathComponent("anchor.txt")
        try await tsa.serve { url in
            let anchored = try await tool.runInBackground([
                "audit", "anchor", "--tsa", url.absoluteString, "--out", file.path,
            ])
            #expect(anchored.status == 0, "\(anchored.errors)")
            #expect(anchored.output.hasPrefix("whereabouts-anchor installation="), "\(anchored.output)")
            #expect(anchored.output.contains("checkpoint=2 entries=1-2 hash="))
        }
        let anchor = try AuditAnchor(fileText: try String(contentsOf: file, encoding: .utf8))
        #expect(anchor.headSeq == 2)
        let checked = try tool.run(["audit", "verify", "--anchors", file.path, "--tsa-cert", tsa.certificate.path])
        #expect(checked.status == 0, "\(checked.output)")
        #expect(try tool.run(["audit", "list", "--action", "audit-anchored"]).output.contains("audit-anchored"))

        // A token from another authority, over the same hash: the real authority's certificate refuses it.
        let rogue = try LocalTimestampAuthority()
        let forged = tool.home.appendingPathComponent("forged.txt")
        let rogueReply = try rogue.reply(to: try LocalTimestampAuthority.query(digest: anchor.hash))
        try Data(
            AuditAnchor(
                installation: anchor.installation, checkpoint: anchor.checkpoint, headSeq: anchor.headSeq,
                hash: anchor.hash, time: anchor.time, tsa: anchor.tsa, token: rogueReply
            ).fileText.utf8
        ).write(to: forged)
        let forgery = try tool.run(["audit", "verify", "--anchors", forged.path, "--tsa-cert", tsa.certificate.path])
        #expect(forgery.status == 1)
        #expect(forgery.output.contains("does not verify against the authority's certificate"), "\(forgery.output)")

        // Whoever holds the database removes the anchored checkpoint, every one after it, and the
        // entries they covered, and moves the head back: the chain alone cannot tell, the anchor can.
        let connection = try await SQLiteConnection.open(
            storage: .file(path: tool.databasePath), logger: Logger(label: "test"))
        let db = connection.sql()
        try await db.raw("DELETE FROM audit_checkpoints WHERE number >= \(bind: anchor.checkpoint)").run()
        try await db.raw("DELETE FROM audit_log WHERE seq > 1").run()
        try await AuditTampering.rehashEverything(db)
        try await connection.close()
        let witnessed = try tool.run(["audit", "verify", "--anchors", file.path, "--tsa-cert", tsa.certificate.path])
        #expect(witnessed.status == 1)
        #expect(
            witnessed.output.contains(
                "checkpoint 2, timestamped at \(anchor.time) covering entries 1–2, is missing: checkpoints were deleted"
            ),
            "\(witnessed.output)")
        // (The chain alone cannot tell.)
        let alone = try tool.run(["audit", "verify"])
        #expect(alone.output.contains("the audit log is intact"), "\(alone.output)")
    }
}
