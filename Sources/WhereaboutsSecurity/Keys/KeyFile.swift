import Foundation

/// The files that hold key material: the key-encryption key (`kek.key`, in the key folder) and
/// the salt for a passphrase-derived one (`kek.salt`). Both are created with mode 0600 and written
/// whole (to a temporary name, then renamed), so a crash never leaves half a key.
public enum KeyFile {
    /// Reads the key in `file`, creating a new random one there when no file exists.
    /// Returns the key and whether it was created.
    public static func loadOrCreate(_ file: URL) throws -> (key: KeyEncryptionKey, created: Bool) {
        if FileManager.default.fileExists(atPath: file.path) { return (try load(file), false) }
        let key = KeyEncryptionKey.generate()
        try write(key, to: file)
        return (key, true)
    }

    public static func load(_ file: URL) throws -> KeyEncryptionKey {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try KeyEncryptionKey(base64: text)
    }

    /// Writes `key` to `file` (mode 0600), replacing any key there.
    public static func write(_ key: KeyEncryptionKey, to file: URL) throws {
        try writePrivately(Data((Data(key.bytes).base64EncodedString() + "\n").utf8), to: file)
    }

    /// The salt in `file`, creating 16 random bytes there on first use.
    public static func salt(_ file: URL) throws -> [UInt8] {
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                data.count >= 16
            else { throw KeyError.malformed("\(file.lastPathComponent) is damaged") }
            return Array(data)
        }
        let salt = SecretToken.randomBytes(16)
        try writePrivately(Data((Data(salt).base64EncodedString() + "\n").utf8), to: file)
        return salt
    }

    static func writePrivately(_ data: Data, to file: URL) throws {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(
            ".\(file.lastPathComponent).\(UUID().uuidString)")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw KeyError.malformed("cannot write \(file.path)") }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.synchronize()
        try handle.close()
        if rename(temporary.path, file.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw KeyError.malformed("cannot write \(file.path)")
        }
    }
}
