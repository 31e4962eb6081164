import Foundation
import Testing
import WhereaboutsCore

@Suite("keys, consent and statistics commands", .serialized)
struct ProtectionCommandTests {
    @Test("keys split and recover rebuild a lost key file; rotate and reencrypt keep every record readable")
    func keys() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "8", "--quiet"]).status == 0)
        let before = try tool.run(["export", "jsonl", "--quiet"]).output
        let shares = tool.dataDirectory.appendingPathComponent("shares")
        let split = try tool.run(["keys", "split", "--shares", "3", "--threshold", "2", "--out-dir", shares.path])
        #expect(split.status == 0, "\(split.errors)")
        let keyFile = try tool.keyFolder.appendingPathComponent("kek.key")
        try FileManager.default.removeItem(at: keyFile)
        let locked = try tool.run(["export", "jsonl", "--quiet"])
        #expect(locked.status != 0)
        #expect(locked.errors.contains("keys recover"))
        #expect(!FileManager.default.fileExists(atPath: keyFile.path))
        let one = try tool.run(["keys", "recover", shares.appendingPathComponent("share-2.txt").path])
        #expect(one.status != 0)
        #expect(one.errors.contains("2 are needed"))
        let recovered = try tool.run([
            "keys", "recover", shares.appendingPathComponent("share-3.txt").path,
            shares.appendingPathComponent("share-1.txt").path,
        ])
        #expect(recovered.status == 0, "\(recovered.errors)")
        #expect(try tool.run(["export", "jsonl", "--quiet"]).output == before)

        #expect(try tool.run(["keys", "rotate"]).status == 0)
        let reencrypt = try tool.run(["keys", "reencrypt", "--quiet"])
        #expect(reencrypt.status == 0, "\(reencrypt.errors)")
        #expect(reencrypt.output.contains("general.2"))
        #expect(try tool.run(["export", "jsonl", "--quiet"]).output == before)
        let status = try tool.run(["keys", "status"]).output
        #expect(status.contains("general.2\tseal\tcurrent"))
        #expect(status.contains("general.1\tseal\tolder"))
        // Shares of the key before the rotation no longer open the store.
        let rotated = try Data(contentsOf: keyFile)
        try FileManager.default.removeItem(at: keyFile)
        let stale = try tool.run([
            "keys", "recover", shares.appendingPathComponent("share-1.txt").path,
            shares.appendingPathComponent("share-2.txt").path,
        ])
        #expect(stale.status != 0)
        #expect(!FileManager.default.fileExists(atPath: keyFile.path))
        try rotated.write(to: keyFile)
        let audit = try tool.run(["audit", "list"]).output
        for action in ["keys-split", "keys-recovered", "keys-rotated", "keys-reencrypted"] {
            #expect(audit.contains(action), "\(action)")
        }
    }

    @Test("exports leave out sources whose consent does not cover the purpose; stats suppress small cells")
    func consentAndStatistics() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let open = RecordID(), closed = RecordID(), person = RecordID()
        let lines = [
            #"{"kind":"source","id":"\#(open)","data":{"type":"testimony","title":"Shared testimony","text":"Seen at the port","consent":{"scopes":["internal-documentation","share-with-un"]}}}"#,
            #"{"kind":"source","id":"\#(closed)","data":{"type":"testimony","title":"Internal testimony","text":"Seen in the camp","consent":{"scopes":["internal-documentation"]}}}"#,
            #"{"kind":"person","id":"\#(person)","data":{"names":[{"full":"김영희","sourceID":"\#(closed)"},{"full":"Kim Young-hee","sourceID":"\#(open)"}],"roles":["victim"],"fate":[{"status":"missing"}]}}"#,
            #"{"kind":"information","data":{"sourceID":"\#(closed)","recordID":"\#(person)"}}"#,
        ]
        let file = tool.dataDirectory.appendingPathComponent("records.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let imported = try tool.run(["import", "jsonl", file.path, "--quiet"])
        #expect(imported.status == 0, "\(imported.errors)")

        let internalExport = try tool.run(["export", "jsonl", "--quiet"]).output
        #expect(internalExport.contains("Internal testimony"))
        let un = try tool.run(["export", "jsonl", "--purpose", "un", "--quiet"])
        #expect(un.status == 0)
        #expect(un.output.contains("Shared testimony"))
        #expect(!un.output.contains("Internal testimony"))
        #expect(!un.output.contains("김영희"))
        #expect(un.output.contains("Kim Young-hee"))
        #expect(!un.output.contains(#""kind":"information""#))
        #expect(un.errors.contains("Left out 1 source"))
        let publication = try tool.run(["export", "jsonl", "--purpose", "publication", "--quiet"]).output
        #expect(!publication.contains("Kim Young-hee"))
        #expect(!publication.contains("Seen at the port"))
        #expect(try tool.run(["export", "jsonl", "--purpose", "press"]).status != 0)
        let audit = try tool.run(["audit", "list", "--action", "export"]).output
        #expect(audit.contains("purpose=un"))
        #expect(audit.contains("withheldSources=1"))

        let stats = try tool.run(["stats", "--by", "fate", "--csv"])
        #expect(stats.status == 0, "\(stats.errors)")
        // One person: nothing left to hide the count behind, so the total is suppressed too.
        #expect(stats.output.contains("missing,suppressed"))
        #expect(stats.output.contains("total,suppressed"))
        let unsuppressed = try tool.run(["stats", "--by", "fate", "--min-cell", "1"]).output
        #expect(unsuppressed.contains("missing") && unsuppressed.contains("total             1"), "\(unsuppressed)")
    }
}
