import Foundation
import Testing
import WhereaboutsTestSupport

@Suite("backups and interrupted key work", .serialized)
struct BackupCommandTests {
    @Test("a backup taken while the server runs verifies, restores into an empty folder from key shares, and compares")
    func roundTrip() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "40", "--quiet"]).status == 0)
        let before = try tool.run(["export", "jsonl", "--quiet"]).output
        let shares = tool.dataDirectory.appendingPathComponent("shares")
        #expect(try tool.run(["keys", "split", "--out-dir", shares.path]).status == 0)
        let server = try tool.start([
            "serve", "--port", String(Int.random(in: 20_000..<40_000)), "--log-level", "error",
        ])
        try await Task.sleep(for: .milliseconds(800))
        let file = tool.dataDirectory.appendingPathComponent("backup.whbk")
        let created = try tool.run(["backup", "create", file.path, "--quiet"])
        server.terminate()
        server.waitUntilExit()
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("whereabouts.sqlite"))
        #expect(try tool.run(["backup", "verify", file.path]).status == 0)
        #expect(try tool.run(["backup", "create", file.path]).status != 0)  // never overwrites

        // The file shows nothing in the clear: no name of a demonstration person, not even a table name.
        let raw = try Data(contentsOf: file)
        #expect(raw.range(of: Data("CREATE TABLE".utf8)) == nil)
        #expect(raw.range(of: Data("records".utf8)) == nil)

        // A changed byte, or a cut-off end, is found.
        var altered = raw
        altered[altered.count / 2] ^= 0x01
        let alteredFile = tool.dataDirectory.appendingPathComponent("altered.whbk")
        try altered.write(to: alteredFile)
        let alteredCheck = try tool.run(["backup", "verify", alteredFile.path])
        #expect(alteredCheck.status == 1)
        #expect(alteredCheck.output.contains("damaged or was altered"))
        try raw.prefix(raw.count - 100).write(to: alteredFile)
        #expect(try tool.run(["backup", "verify", alteredFile.path]).status == 1)

        let target = try CommandLineTool()
        defer { target.cleanUp() }
        let shareFiles = ["share-1.txt", "share-3.txt"].flatMap { ["--share", shares.appendingPathComponent($0).path] }
        // Without any key the restore is refused and writes nothing.
        let keyless = try target.run(["backup", "restore", file.path])
        #expect(keyless.status != 0)
        #expect(!FileManager.default.fileExists(atPath: target.databasePath))
        let restored = try target.run(["backup", "restore", file.path] + shareFiles)
        #expect(restored.status == 0, "\(restored.errors)")
        #expect(try target.run(["export", "jsonl", "--quiet"]).output == before)
        #expect(!created.output.contains(".key"))  // no key travels in a backup
        #expect(FileManager.default.fileExists(atPath: try target.keyFolder.appendingPathComponent("kek.key").path))
        // Another machine: its own signing key signs from now on; the auditor trusts both.
        let trust = tool.home.appendingPathComponent("trusted-keys")
        let exports = try [tool, target].map { try $0.run(["audit", "trust", "export"]).output }
        try Data(exports.joined().utf8).write(to: trust)
        let verified = try target.run(["audit", "verify", "--trusted-keys", trust.path])
        #expect(verified.status == 0, "\(verified.output)")
        let untrusted = try target.run(["audit", "verify"])
        #expect(untrusted.status == 1)
        #expect(untrusted.output.contains("which is not among the trusted keys"))
        #expect(try target.run(["audit", "list", "--action", "backup-restored"]).output.contains("backup-restored"))
        // Restoring over a store is refused.
        #expect(try target.run(["backup", "restore", file.path] + shareFiles).status != 0)
    }

    @Test("killing a re-encryption or a backup at any moment leaves a store that opens, verifies and reads back whole")
    func killed() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "400", "--quiet"]).status == 0)
        let before = try tool.run(["export", "jsonl", "--quiet"]).output
        for (round, delay) in [120, 350, 800].enumerated() {
            let process = try tool.start(["keys", "reencrypt", "--quiet"])
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try await CommandLineTests.integrity(tool.databasePath) == "ok", "round \(round)")
            #expect(try tool.run(["export", "jsonl", "--quiet"]).output == before, "round \(round)")
            let resumed = try tool.run(["keys", "reencrypt", "--resume", "--quiet"])
            #expect(resumed.status == 0, "\(resumed.errors)")
            #expect(try tool.run(["export", "jsonl", "--quiet"]).output == before, "round \(round)")

            let file = tool.dataDirectory.appendingPathComponent("killed-\(round).whbk")
            let backup = try tool.start(["backup", "create", file.path, "--quiet"])
            try await Task.sleep(for: .milliseconds(delay / 3))
            kill(backup.processIdentifier, SIGKILL)
            backup.waitUntilExit()
            // Either no backup at all, or a complete one: never a partial file under the name.
            if FileManager.default.fileExists(atPath: file.path) {
                #expect(try tool.run(["backup", "verify", file.path]).status == 0)
            }
            #expect(try await CommandLineTests.integrity(tool.databasePath) == "ok")
            let verified = try tool.run(["audit", "verify"])
            #expect(verified.status == 0, "round \(round): \(verified.output)")
        }
        let status = try tool.run(["keys", "status"]).output
        #expect(status.contains("current"))
    }

    @Test("a relabelled backup header is refused by name; an older backup is restored only with --allow-older, audited")
    func relabelledAndOlder() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "4", "--quiet"]).status == 0)
        let old = tool.dataDirectory.appendingPathComponent("old.whbk")
        let new = tool.dataDirectory.appendingPathComponent("new.whbk")
        #expect(try tool.run(["backup", "create", old.path, "--quiet"]).status == 0)
        #expect(try tool.run(["compartments", "add", "japan", "Japan"]).status == 0)
        #expect(try tool.run(["backup", "create", new.path, "--quiet"]).status == 0)

        // The old backup's clear header relabelled with a later creation date.
        let raw = try Data(contentsOf: old)
        let headerStart = raw.firstIndex(of: 0x0A)! + 1
        let headerEnd = raw[headerStart...].firstIndex(of: 0x0A)!
        var header = try #require(JSONSerialization.jsonObject(with: raw[headerStart..<headerEnd]) as? [String: Any])
        let created = try #require(header["created"] as? String)
        header["created"] = "2099-01-01T00:00:00.000Z"
        let relabelled = tool.dataDirectory.appendingPathComponent("relabelled.whbk")
        try (raw[..<headerStart] + (try JSONSerialization.data(withJSONObject: header)) + raw[headerEnd...]).write(
            to: relabelled)
        let checked = try tool.run(["backup", "verify", relabelled.path])
        #expect(checked.status == 1)
        #expect(
            checked.output.contains(
                "the backup's clear header was relabelled: its creation date says 2099-01-01T00:00:00.000Z but the backup was made with \(created)"
            ), "\(checked.output)")

        // Restored on the same machine (its key folder), into new data folders.
        let sameMachine: [String: String?] = ["WHEREABOUTS_KEY_DIR": tool.keyRoot.path]
        let target = try CommandLineTool()
        defer { target.cleanUp() }
        let refusedLabel = try target.run(["backup", "restore", relabelled.path], environment: sameMachine)
        #expect(refusedLabel.status != 0)
        #expect(refusedLabel.errors.contains("clear header was relabelled"), "\(refusedLabel.errors)")
        #expect(!FileManager.default.fileExists(atPath: target.databasePath))
        let refusedOld = try target.run(["backup", "restore", old.path], environment: sameMachine)
        #expect(refusedOld.status != 0)
        #expect(
            refusedOld.errors.contains("before the newest backup of its installation known here"),
            "\(refusedOld.errors)")
        #expect(!FileManager.default.fileExists(atPath: target.databasePath))
        let allowed = try target.run(["backup", "restore", old.path, "--allow-older"], environment: sameMachine)
        #expect(allowed.status == 0, "\(allowed.errors)")
        let audit = try target.run(["audit", "list", "--action", "backup-restored"], environment: sameMachine).output
        #expect(audit.contains("older=this backup was made at \(created)"), "\(audit)")

        let newest = try CommandLineTool()
        defer { newest.cleanUp() }
        #expect(try newest.run(["backup", "restore", new.path], environment: sameMachine).status == 0)
    }
}
