import Foundation
import Testing

@Suite("the key folder", .serialized)
struct KeyFolderCommandTests {
    @Test(
        "the first run makes the keys outside the data folder and says where; the data folder copied alone opens nothing"
    )
    func firstRun() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let first = try tool.run(["demo", "--events", "3", "--quiet"])
        #expect(first.status == 0, "\(first.errors)")
        let keys = try tool.keyFolder
        #expect(first.errors.contains("Made this installation's key-encryption key: \(keys.path)/kek.key"))
        #expect(first.errors.contains("keys split"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: keys.path).contains("kek.key"))
        let data = try FileManager.default.contentsOfDirectory(atPath: tool.dataDirectory.path)
        #expect(!data.contains { $0.hasSuffix(".key") || $0.hasSuffix(".key.next") }, "\(data)")
        let again = try tool.run(["export", "jsonl", "--quiet"])
        #expect(again.status == 0)
        #expect(!again.errors.contains("key-encryption key"))

        // The data folder alone, somewhere else: no key beside it, so nothing sealed opens.
        let thief = try CommandLineTool()
        defer { thief.cleanUp() }
        try FileManager.default.removeItem(at: thief.dataDirectory)
        try FileManager.default.copyItem(at: tool.dataDirectory, to: thief.dataDirectory)
        let stolen = try thief.run(["export", "jsonl", "--quiet"])
        #expect(stolen.status != 0)
        #expect(stolen.errors.contains("is missing but the store's data is sealed"), "\(stolen.errors)")
        #expect(!stolen.output.contains("\"person\""))
    }

    @Test("by default the keys are in $XDG_CONFIG_HOME/whereabouts/keys, else ~/.config/whereabouts/keys")
    func defaultFolder() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let config = tool.home.appendingPathComponent("config-home")
        let made = try tool.run(
            ["compartments", "add", "japan", "Japan"],
            environment: ["WHEREABOUTS_KEY_DIR": nil, "XDG_CONFIG_HOME": config.path])
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.errors.contains(config.appendingPathComponent("whereabouts/keys").path))
        let other = try CommandLineTool()
        defer { other.cleanUp() }
        let home = try other.run(
            ["compartments", "add", "japan", "Japan"],
            environment: ["WHEREABOUTS_KEY_DIR": nil, "XDG_CONFIG_HOME": nil])
        #expect(home.status == 0, "\(home.errors)")
        #expect(home.errors.contains(other.home.appendingPathComponent(".config/whereabouts/keys").path))
        let explicit = try CommandLineTool()
        defer { explicit.cleanUp() }
        let option = explicit.home.appendingPathComponent("usb")
        #expect(try explicit.run(["compartments", "add", "japan", "Japan", "--key-dir", option.path]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: option.path).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: explicit.keyRoot.path).isEmpty)
    }

    @Test("keys an earlier release kept in the data folder are moved to the key folder on first open, which says so")
    func legacyInstallation() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "3", "--quiet"]).status == 0)
        let before = try tool.run(["export", "jsonl", "--quiet"]).output
        // As an earlier release left it: both keys beside the database.
        let keys = try tool.keyFolder
        try FileManager.default.moveItem(
            at: keys.appendingPathComponent("kek.key"), to: tool.dataDirectory.appendingPathComponent("kek.key"))
        try FileManager.default.moveItem(
            at: keys.appendingPathComponent("audit-node.key"),
            to: tool.dataDirectory.appendingPathComponent("audit-signing.key"))
        let opened = try tool.run(["export", "jsonl", "--quiet"])
        #expect(opened.status == 0, "\(opened.errors)")
        #expect(opened.output == before)
        #expect(opened.errors.contains("Moved kek.key, audit-signing.key from the data folder"), "\(opened.errors)")
        #expect(!FileManager.default.fileExists(atPath: tool.dataDirectory.appendingPathComponent("kek.key").path))
        #expect(FileManager.default.fileExists(atPath: keys.appendingPathComponent("kek.key").path))
        let verified = try tool.run(["audit", "verify"])
        #expect(verified.status == 0, "\(verified.output)")
    }

    @Test("WHEREABOUTS_KEK keeps working and writes no key file")
    func keyFromEnvironment() throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let kek = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        #expect(try tool.run(["demo", "--events", "3", "--quiet"], environment: ["WHEREABOUTS_KEK": kek]).status == 0)
        let audited = try tool.run(["compartments", "add", "japan", "Japan"], environment: ["WHEREABOUTS_KEK": kek])
        #expect(audited.status == 0, "\(audited.errors)")
        #expect(!FileManager.default.fileExists(atPath: try tool.keyFolder.appendingPathComponent("kek.key").path))
        #expect(try tool.run(["export", "jsonl", "--quiet"], environment: ["WHEREABOUTS_KEK": kek]).status == 0)
        #expect(try tool.run(["export", "jsonl", "--quiet"]).status != 0)
    }
}
