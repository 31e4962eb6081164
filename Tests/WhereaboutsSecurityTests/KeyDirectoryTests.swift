import Foundation
import Testing
import WhereaboutsSecurity

@Suite("key folder and audit node keys")
struct KeyDirectoryTests {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("an installation's keys are in a folder of their own under the root; a name that is a path is refused")
    func layout() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = try KeyDirectory(root: root, installation: "0a1b2c3d4e5f6071")
        #expect(keys.kekFile.path == root.appendingPathComponent("0a1b2c3d4e5f6071/kek.key").path)
        try keys.create()
        let mode = try FileManager.default.attributesOfItem(atPath: keys.folder.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        for name in ["../elsewhere", "", "a/b", String(repeating: "a", count: 65)] {
            #expect(throws: KeyError.self) { try KeyDirectory(root: root, installation: name) }
        }
    }

    @Test("keys an earlier release left in the data folder move to the key folder; a different key already there stops")
    func legacy() throws {
        let root = try temporaryFolder()
        let data = try temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: data)
        }
        let kek = KeyEncryptionKey.generate()
        try KeyFile.write(kek, to: data.appendingPathComponent("kek.key"))
        let node = AuditNodeKey.generate()
        // The earlier release wrote the raw 32 bytes.
        let raw = try #require(Data(base64Encoded: node.rawBase64))
        try raw.write(to: data.appendingPathComponent("audit-signing.key"))
        let keys = try KeyDirectory(root: root, installation: "abc")
        #expect(try keys.adoptLegacyKeys(from: data) == ["kek.key", "audit-signing.key"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).isEmpty)
        #expect(try KeyFile.load(keys.kekFile).bytes == kek.bytes)
        #expect(try AuditNodeKey.loadOrCreate(keys.nodeKeyFile).key.id == node.id)
        #expect(try keys.adoptLegacyKeys(from: data).isEmpty)

        try KeyFile.write(.generate(), to: data.appendingPathComponent("kek.key"))
        #expect(throws: KeyError.self) { try keys.adoptLegacyKeys(from: data) }
        #expect(try KeyFile.load(keys.kekFile).bytes == kek.bytes)
    }

    @Test("a node key is made once (mode 0600); the trust file reads back its line and refuses a mislabelled one")
    func nodeKeysAndTrust() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("audit-node.key")
        let (key, created) = try AuditNodeKey.loadOrCreate(file)
        #expect(created)
        #expect(try AuditNodeKey.loadOrCreate(file).key.id == key.id)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
        let other = AuditNodeKey.generate()
        let trusted = try TrustedKeys(text: "# the auditor's file\n\(key.publicKey.line)\n\n\(other.publicKey.line)\n")
        #expect(Set(trusted.nodes.keys) == [key.id, other.id])
        let message = Data("m".utf8)
        #expect(trusted.nodes[key.id]?.isValidSignature(try key.signature(for: message), for: message) == true)
        let mislabelled = key.publicKey.line.replacingOccurrences(of: key.id, with: other.id)
        #expect(throws: KeyError.self) { try TrustedKeys(text: mislabelled) }
    }
}
