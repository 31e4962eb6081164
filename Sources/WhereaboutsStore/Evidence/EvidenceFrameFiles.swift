import CFileWriteback
import Foundation
import SQLKit
import WhereaboutsEvidence

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Sealed frames as one file per item and key in the data folder (decision 0035): `ITEM.KEY` where
/// KEY is the data key's id in hexadecimal, each frame stored as its length (4 bytes, big-endian) and
/// its sealed bytes. A set is written to `ITEM.KEY.partial`, synced, renamed and its folder synced
/// before the item's row is committed; a file is never changed afterwards, only removed once no item
/// reads it. Every byte reaches the disk once, where rows of SQLite are written twice (log, then
/// database) — what kept intake from 2 × `sha256sum`.
struct EvidenceFrameFiles: EvidenceFrameStorage {
    let folder: URL

    static let partialSuffix = ".partial"

    func fileName(_ set: FrameSet) -> String { "\(set.item).\(Array(set.key.utf8).hex)" }
    func url(_ set: FrameSet) -> URL { folder.appendingPathComponent(fileName(set)) }
    func partialURL(_ set: FrameSet) -> URL { folder.appendingPathComponent(fileName(set) + Self.partialSuffix) }

    func append(_ frames: [(index: Int, sealed: [UInt8])], to set: FrameSet) async throws {
        guard !frames.isEmpty else { return }
        try ensureFolder()
        let descriptor = open(partialURL(set).path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError.damaged("cannot write evidence frames (errno \(errno))") }
        defer { close(descriptor) }
        for frame in frames {
            let count = UInt32(frame.sealed.count)
            let prefix = [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
            try Self.write(prefix, to: descriptor)
            try Self.write(frame.sealed, to: descriptor)
        }
        // The disk starts writing these frames now, while the next ones are hashed and sealed, so
        // that the sync before the item is committed finds little left to do; nothing waits here.
        _ = whereabouts_start_writeback(descriptor)
    }

    func seal(_ set: FrameSet) async throws {
        let partial = partialURL(set)
        if !FileManager.default.fileExists(atPath: partial.path) {
            // An empty file: an item of no bytes still has its set.
            try ensureFolder()
            guard
                FileManager.default.createFile(
                    atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600])
            else { throw StoreError.damaged("cannot write evidence frames") }
        }
        try Self.sync(partial.path)
        guard rename(partial.path, url(set).path) == 0 else {
            throw StoreError.damaged("cannot keep evidence frames (errno \(errno))")
        }
        try Self.sync(folder.path)
    }

    /// The folder, made private to the process's user if it is not there yet.
    private func ensureFolder() throws {
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    func fetcher(_ set: FrameSet) -> EvidenceReader.FetchFrame {
        let reader = FrameFileReader(path: url(set).path)
        return { index in try await reader.frame(index) }
    }

    func remove(_ set: FrameSet) async throws {
        for file in [url(set), partialURL(set)] where FileManager.default.fileExists(atPath: file.path) {
            try FileManager.default.removeItem(at: file)
        }
    }

    /// The item row's new key is what the reader follows: nothing to do in the transaction.
    func promote(_ staged: FrameSet, replacing old: FrameSet, in db: any SQLDatabase) async throws {}

    func release(_ old: FrameSet) async throws { try await remove(old) }

    func sweep(before cutoff: Date, current: [String: String]) async throws {
        for name in try await strays(current) {
            let path = folder.appendingPathComponent(name).path
            guard
                let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                modified < cutoff
            else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    func strays(_ current: [String: String]) async throws -> [String] {
        entries().filter { _, item, key, partial in
            partial || current[item].map { Array($0.utf8).hex } != key
        }.map(\.name).sorted()
    }

    func present(_ current: [String: String]) async throws -> Set<FrameSet> {
        Set(
            entries().compactMap { _, item, key, partial in
                guard !partial, let current = current[item], Array(current.utf8).hex == key else { return nil }
                return FrameSet(item: item, key: current)
            })
    }

    /// The folder's frame files: name, item, key (hexadecimal) and whether still being written.
    private func entries() -> [(name: String, item: String, key: String, partial: Bool)] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).compactMap { name in
            let partial = name.hasSuffix(Self.partialSuffix)
            let base = partial ? String(name.dropLast(Self.partialSuffix.count)) : name
            let parts = base.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            return (name, String(parts[0]), String(parts[1]), partial)
        }
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw StoreError.damaged("cannot write evidence frames (errno \(errno))") }
            offset += written
        }
    }

    /// `fsync` of a file or a folder.
    private static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.damaged("cannot open \(path) (errno \(errno))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StoreError.damaged("cannot sync \(path) (errno \(errno))") }
    }
}

/// Reads one frame file, finding frames by their length prefixes as they are asked for (a reader
/// asks in order, one frame ahead).
actor FrameFileReader {
    private let path: String
    private var handle: FileHandle?
    private var opened = false
    /// Where each frame found so far begins.
    private var offsets: [UInt64] = [0]

    init(path: String) { self.path = path }

    deinit { try? handle?.close() }

    func frame(_ index: Int) throws -> [UInt8]? {
        if !opened {
            opened = true
            handle = FileHandle(forReadingAtPath: path)
        }
        guard let handle, index >= 0 else { return nil }
        while offsets.count <= index {
            guard let length = try self.length(at: offsets[offsets.count - 1], in: handle) else { return nil }
            offsets.append(offsets[offsets.count - 1] + 4 + UInt64(length))
        }
        guard let length = try self.length(at: offsets[index], in: handle) else { return nil }
        let bytes = try handle.read(upToCount: Int(length)) ?? Data()
        guard bytes.count == Int(length) else { return nil }
        return Array(bytes)
    }

    /// The length prefix at `offset`, nil at (or past) the end of the file.
    private func length(at offset: UInt64, in handle: FileHandle) throws -> UInt32? {
        try handle.seek(toOffset: offset)
        guard let prefix = try handle.read(upToCount: 4), prefix.count == 4 else { return nil }
        return prefix.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
