import Crypto
import Foundation

/// The hash chain of the audit log: each entry's hash covers its fields and the previous entry's
/// hash, so changing, removing, inserting or reordering any entry breaks every hash after it.
public enum AuditChain {
    /// The hash before the first entry.
    public static let origin = String(repeating: "0", count: 64)

    /// SHA-256 (hex) of an entry: its fields, each length-prefixed so no two entries encode alike.
    public static func hash(previous: String, fields: [String]) -> String {
        var data = Data("whereabouts-audit-v1".utf8)
        for field in [previous] + fields {
            let bytes = Data(field.utf8)
            data.append(contentsOf: withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init))
            data.append(bytes)
        }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// Signed checkpoints of the audit chain, written to a file outside the database with the node's key
/// kept in the key folder: someone who can rewrite the database cannot also forge the checkpoints.
///
/// Each line reads `<seq> <hash> <signature>`: the Ed25519 signature (base64) of
/// `whereabouts-audit-checkpoint:<seq>:<hash>`.
public struct AuditCheckpoints: Sendable {
    public let file: URL
    let key: AuditNodeKey

    /// One checkpoint as read back.
    public struct Checkpoint: Sendable, Equatable {
        public let seq: Int
        public let hash: String
        public let validSignature: Bool
    }

    /// Checkpoints in `file`, signed with `key`.
    public init(file: URL, key: AuditNodeKey) {
        self.file = file
        self.key = key
    }
    static func message(seq: Int, hash: String) -> Data { Data("whereabouts-audit-checkpoint:\(seq):\(hash)".utf8) }

    /// Appends a signed checkpoint and flushes it to disk.
    public func append(seq: Int, hash: String) throws {
        let signature = try key.signature(for: Self.message(seq: seq, hash: hash)).base64EncodedString()
        let line = Data("\(seq) \(hash) \(signature)\n".utf8)
        if !FileManager.default.fileExists(atPath: file.path) {
            FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
    }

    /// Every checkpoint in the file, each with whether its signature is valid for this key.
    public func read() throws -> [Checkpoint] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, let seq = Int(parts[0]), let signature = Data(base64Encoded: String(parts[2]))
            else {
                return Checkpoint(seq: -1, hash: String(line.prefix(80)), validSignature: false)
            }
            let hash = String(parts[1])
            return Checkpoint(
                seq: seq, hash: hash,
                validSignature: key.publicKey.isValidSignature(signature, for: Self.message(seq: seq, hash: hash)))
        }
    }
}
