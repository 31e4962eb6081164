import Crypto
import Foundation

/// An encrypted backup file: a clear header (format, creation time, engine, installation, the
/// fingerprint of the key-encryption key it needs, a random salt), then a sequence of AES-256-GCM
/// frames under a key derived from the key-encryption key and the salt (HKDF-SHA256). The first frame
/// holds the header again, encrypted and authenticated, so a relabelled clear header (an old backup
/// passed off as new) is refused by name (decision 0019). Frames are numbered in their associated
/// data, so none can be dropped, repeated or moved; the last frame is the manifest (each file's name,
/// size and SHA-256), so a cut-off file is detected too.
///
/// Files are written and read in 1 MiB pieces: memory stays constant however large the database.
public enum BackupArchive {
    static let magic = Data("WHEREABOUTS-BACKUP-2\n".utf8)
    /// Backups of earlier releases: the same, without the encrypted header.
    static let unauthenticatedMagic = Data("WHEREABOUTS-BACKUP-1\n".utf8)
    static let pieceSize = 1 << 20

    /// The clear header.
    public struct Header: Codable, Sendable, Equatable {
        public let created: String
        public let kekFingerprint: String
        public let salt: String
        /// `sqlite` or `postgres`: what the database file inside is.
        public let engine: String
        /// The installation the backup was taken from (absent in backups of earlier releases): which
        /// key folder holds its key.
        public let installation: String?
        /// Whether this header is bound to the encrypted content (false for backups of earlier
        /// releases, whose creation date anyone could have changed).
        public internal(set) var authenticated = true

        enum CodingKeys: String, CodingKey { case created, kekFingerprint, salt, engine, installation }
    }

    /// One file inside, as the manifest lists it.
    public struct Entry: Codable, Sendable, Equatable {
        public let name: String
        public let size: Int
        public let sha256: String
    }

    /// Why a backup cannot be read.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notABackup
        case otherKey(String)
        case damaged(String)
        /// The clear header differs from the encrypted one: what it says, and what the backup is.
        case relabelled(String)

        public var description: String {
            switch self {
            case .notABackup: return "not a Whereabouts backup"
            case .otherKey(let fingerprint):
                return "this backup needs the key-encryption key with fingerprint \(fingerprint)"
            case .damaged(let message): return "the backup is damaged or was altered: \(message)"
            case .relabelled(let differences): return "the backup's clear header was relabelled: \(differences)"
            }
        }
    }

    private enum FrameKind: UInt8 {
        case fileStart = 1
        case content = 2
        case manifest = 3
        case header = 4
    }

    /// Writes an archive of `files` (name inside → file on disk) to `output`, through a temporary
    /// file renamed at the end, so `output` is either complete or absent.
    public static func write(
        _ files: [(name: String, url: URL)], to output: URL, key kek: KeyEncryptionKey, engine: String,
        installation: String, created: String, progress: ((Int) -> Void)? = nil
    ) throws -> [Entry] {
        let salt = SecretToken.randomBytes(32)
        let header = Header(
            created: created, kekFingerprint: kek.fingerprint, salt: Data(salt).base64EncodedString(), engine: engine,
            installation: installation)
        let temporary = output.deletingLastPathComponent().appendingPathComponent(
            ".\(output.lastPathComponent).\(UUID().uuidString).partial")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let sink = FileHandle(forWritingAtPath: temporary.path)
        else { throw Failure.damaged("cannot write \(output.path)") }
        do {
            var writer = FrameWriter(sink: sink, key: frameKey(kek, salt: salt))
            let headerLine = try JSONEncoder().encode(header)
            try sink.write(contentsOf: magic)
            try sink.write(contentsOf: headerLine + Data("\n".utf8))
            try writer.frame(.header, headerLine)
            var entries: [Entry] = []
            var written = 0
            for file in files {
                try writer.frame(.fileStart, Data(file.name.utf8))
                guard let source = FileHandle(forReadingAtPath: file.url.path) else {
                    throw Failure.damaged("cannot read \(file.url.path)")
                }
                var hash = SHA256()
                var size = 0
                while let piece = try source.read(upToCount: pieceSize), !piece.isEmpty {
                    hash.update(data: piece)
                    size += piece.count
                    try writer.frame(.content, piece)
                    written += piece.count
                    progress?(written)
                }
                try source.close()
                entries.append(Entry(name: file.name, size: size, sha256: hex(hash.finalize())))
            }
            try writer.frame(.manifest, try JSONEncoder().encode(entries))
            try sink.synchronize()
            try sink.close()
            guard rename(temporary.path, output.path) == 0 else { throw Failure.damaged("cannot write \(output.path)") }
            return entries
        } catch {
            try? sink.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Reads the clear header only.
    public static func header(of input: URL) throws -> Header {
        guard let source = FileHandle(forReadingAtPath: input.path) else { throw Failure.notABackup }
        defer { try? source.close() }
        return try readHeader(source)
    }

    /// Decrypts and checks the whole archive; with `into`, writes each file there (names must be
    /// plain file names). Returns the manifest once every frame and every hash has been checked.
    public static func read(_ input: URL, key kek: KeyEncryptionKey, into folder: URL? = nil) throws -> [Entry] {
        guard let source = FileHandle(forReadingAtPath: input.path) else { throw Failure.notABackup }
        defer { try? source.close() }
        let header = try readHeader(source)
        guard header.kekFingerprint == kek.fingerprint else { throw Failure.otherKey(header.kekFingerprint) }
        guard let salt = Data(base64Encoded: header.salt) else { throw Failure.damaged("bad salt") }
        var reader = FrameReader(source: source, key: frameKey(kek, salt: Array(salt)))
        if header.authenticated {
            guard let (kind, payload) = try reader.next(), kind == .header,
                let sealed = try? JSONDecoder().decode(Header.self, from: payload)
            else { throw Failure.damaged("its encrypted header is missing") }
            let differences = header.differences(from: sealed)
            guard differences.isEmpty else { throw Failure.relabelled(differences.joined(separator: "; ")) }
        }
        var seen: [Entry] = []
        var current: (name: String, hash: SHA256, size: Int, sink: FileHandle?)? = nil
        func finishFile() throws {
            guard let file = current else { return }
            try file.sink?.close()
            seen.append(Entry(name: file.name, size: file.size, sha256: hex(file.hash.finalize())))
            current = nil
        }
        while true {
            guard let (kind, payload) = try reader.next() else { throw Failure.damaged("it ends before its manifest") }
            switch kind {
            case .fileStart:
                try finishFile()
                let name = String(decoding: payload, as: UTF8.self)
                guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
                    throw Failure.damaged("a file is named '\(name)'")
                }
                var sink: FileHandle? = nil
                if let folder {
                    let target = folder.appendingPathComponent(name)
                    guard
                        FileManager.default.createFile(
                            atPath: target.path, contents: nil, attributes: [.posixPermissions: 0o600]),
                        let handle = FileHandle(forWritingAtPath: target.path)
                    else { throw Failure.damaged("cannot write \(target.path)") }
                    sink = handle
                }
                current = (name, SHA256(), 0, sink)
            case .content:
                guard current != nil else { throw Failure.damaged("content before any file") }
                current?.hash.update(data: payload)
                current?.size += payload.count
                try current?.sink?.write(contentsOf: payload)
            case .header:
                throw Failure.damaged("a second header")
            case .manifest:
                try finishFile()
                let manifest = try JSONDecoder().decode([Entry].self, from: payload)
                guard manifest == seen else { throw Failure.damaged("the files do not match the manifest") }
                guard try reader.next() == nil else { throw Failure.damaged("data follows the manifest") }
                return manifest
            }
        }
    }

    private static func readHeader(_ source: FileHandle) throws -> Header {
        guard let start = try source.read(upToCount: magic.count), start == magic || start == unauthenticatedMagic
        else { throw Failure.notABackup }
        var line = Data()
        while let byte = try source.read(upToCount: 1), let first = byte.first, first != 0x0A {
            line.append(first)
            if line.count > 4096 { throw Failure.notABackup }
        }
        guard var header = try? JSONDecoder().decode(Header.self, from: line) else { throw Failure.notABackup }
        header.authenticated = start == magic
        return header
    }

    private static func frameKey(_ kek: KeyEncryptionKey, salt: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: kek.key, salt: salt, info: Array("whereabouts-backup-frames".utf8), outputByteCount: 32)
    }

    private static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    private static func context(_ index: UInt64, _ kind: FrameKind) -> [UInt8] {
        Array("whereabouts-backup-frame:\(index):\(kind.rawValue)".utf8)
    }

    private struct FrameWriter {
        let sink: FileHandle
        let key: SymmetricKey
        var index: UInt64 = 0

        mutating func frame(_ kind: FrameKind, _ payload: Data) throws {
            let sealed = try AES.GCM.seal(payload, using: key, authenticating: context(index, kind))
            guard let combined = sealed.combined else { throw Failure.damaged("AES-GCM gave no combined form") }
            var length = UInt32(combined.count).bigEndian
            var prefix = Data(bytes: &length, count: 4)
            prefix.append(kind.rawValue)
            try sink.write(contentsOf: prefix + combined)
            index += 1
        }
    }

    private struct FrameReader {
        let source: FileHandle
        let key: SymmetricKey
        var index: UInt64 = 0

        mutating func next() throws -> (FrameKind, Data)? {
            guard let prefix = try source.read(upToCount: 5), !prefix.isEmpty else { return nil }
            guard prefix.count == 5, let kind = FrameKind(rawValue: prefix[prefix.startIndex + 4]) else {
                throw Failure.damaged("frame \(index) is cut off")
            }
            let length = prefix.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            guard length >= 28, length <= pieceSize + 64,
                let body = try source.read(upToCount: length), body.count == length,
                let box = try? AES.GCM.SealedBox(combined: body),
                let payload = try? AES.GCM.open(box, using: key, authenticating: context(index, kind))
            else { throw Failure.damaged("frame \(index) does not open") }
            index += 1
            return (kind, payload)
        }
    }
}
