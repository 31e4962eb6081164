import Crypto
import Foundation
import SQLKit
import Testing
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("evidence commands")
struct EvidenceCommandTests {
    /// The id of one of the demonstration's events, read from the tool's database.
    static func eventID(_ tool: CommandLineTool) async throws -> String {
        let handle = try await SQLiteHandle.open(path: tool.databasePath, readers: 1, logger: TestDatabase.logger)
        defer { Task { await handle.close() } }
        return try await handle.read { db in
            try await db.raw("SELECT id FROM records WHERE kind = 'event' ORDER BY seq LIMIT 1").first(
                decodingColumn: "id", as: String.self)
        } ?? ""
    }

    @Test(
        "evidence add prints the id and the same SHA-256 as sha256sum; list, show, get and verify work; a damaged frame fails verify and get"
    )
    func addListShowGetVerify() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "2", "--quiet"]).status == 0)
        let event = try await Self.eventID(tool)
        let file = tool.dataDirectory.appendingPathComponent("scan.pdf")
        let bytes =
            Array("%PDF-1.4 a scanned letter, CLI-MARKER-5521\n".utf8) + [UInt8](repeating: 0x41, count: 1_500_000)
        try Data(bytes).write(to: file)

        let added = try tool.run(["evidence", "add", file.path, "--record", event, "--note", "from the family"])
        #expect(added.status == 0, "\(added.errors)")
        let fields = added.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t")
        let id = String(fields.first ?? "")
        #expect(fields.last.map(String.init) == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())

        let list = try tool.run(["evidence", "list", "--record", event])
        #expect(list.output.contains(id) && list.output.contains("application/pdf") && list.output.contains("scan.pdf"))
        let out = tool.dataDirectory.appendingPathComponent("copy.pdf")
        #expect(try tool.run(["evidence", "get", id, "--out", out.path]).status == 0)
        #expect(try Data(contentsOf: out) == Data(bytes))
        let shown = try tool.run(["evidence", "show", id])
        #expect(
            shown.output.contains("intake") && shown.output.contains("download")
                && shown.output.contains("from the family"))
        let verified = try tool.run(["evidence", "verify"])
        #expect(verified.status == 0 && verified.output.contains("\(id)\tok"))
        // Nowhere in the data folder, its evidence frame files included, is the file's text.
        var looked = 0
        let files = FileManager.default.enumerator(atPath: tool.dataDirectory.path)?.allObjects as? [String] ?? []
        for name in files where !name.hasSuffix(".pdf") {
            let data = (try? Data(contentsOf: tool.dataDirectory.appendingPathComponent(name))) ?? Data()
            if name.contains("-evidence/") { looked += data.count }
            #expect(data.range(of: Data("CLI-MARKER-5521".utf8)) == nil, "\(name) holds the plaintext")
        }
        #expect(looked >= bytes.count, "the sealed frames were among the files looked at")

        // A byte flipped in the stored frame.
        let handle = try await SQLiteHandle.open(path: tool.databasePath, readers: 1, logger: TestDatabase.logger)
        try await EvidenceTampering.flipByte(of: id, frame: 1, at: 10, in: handle)
        await handle.close()
        let failed = try tool.run(["evidence", "verify", id])
        #expect(failed.status != 0 && failed.output.contains("FAILED") && failed.output.contains("frame 1"))
        let again = tool.dataDirectory.appendingPathComponent("again.pdf")
        #expect(try tool.run(["evidence", "get", id, "--out", again.path]).status != 0)
        #expect(!FileManager.default.fileExists(atPath: again.path))
        #expect(try tool.run(["evidence", "show", "ev000000000000000000000000"]).status != 0)
    }
}
