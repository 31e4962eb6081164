import Foundation
import SQLKit
import WhereaboutsCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an embedded store keeps evidence frames, how frames an earlier release kept as rows move
/// there, and how a backup takes them (decision 0035).
extension SQLRecordStore {
    /// The folder of frame files beside the SQLite database at `path` (`whereabouts.sqlite-evidence`).
    public static func evidenceFolder(ofDatabaseAt path: String) -> URL {
        URL(fileURLWithPath: path + "-evidence", isDirectory: true)
    }

    /// Where a store on `database` keeps evidence frames: files beside an SQLite database, rows on
    /// PostgreSQL (which several servers share).
    public static func evidenceFrameStorage(
        for database: any DatabaseHandle, clock: @escaping @Sendable () -> Date = { Date() }
    ) -> any EvidenceFrameStorage {
        if let sqlite = database as? SQLiteHandle {
            return EvidenceFrameFiles(folder: evidenceFolder(ofDatabaseAt: sqlite.path))
        }
        return EvidenceFrameRows(database: database, clock: clock)
    }

    /// The id of the data key item `id`'s frames are sealed under.
    public static func evidenceKeyID(of id: String, in database: any DatabaseHandle) async throws -> String {
        try await database.read { db in try await keyID(of: id, in: db) }
    }

    /// On an embedded store, moves frames kept as rows (by a release before decision 0035) into
    /// files, item by item: each file is written and synced before its rows are deleted, so a run
    /// stopped at any point finds every item readable and carries on. Rows no item reads are dropped.
    func moveEvidenceFramesIntoFiles() async throws {
        guard evidenceFrames is EvidenceFrameFiles else { return }
        let names = try await database.read { db in
            try await db.raw("SELECT DISTINCT item_id FROM evidence_frames").all(
                decodingColumn: "item_id", as: String.self)
        }
        guard !names.isEmpty else { return }
        let keys = try await evidenceKeys()
        let rows = EvidenceFrameRows(database: database, clock: clock)
        for name in names {
            guard let key = keys[name] else {
                try await rows.remove(FrameSet(item: name, key: ""))
                continue
            }
            let set = FrameSet(item: name, key: key)
            try await evidenceFrames.remove(set)
            let fetch = rows.fetcher(set)
            var index = 0
            while let sealed = try await fetch(index) {
                try await evidenceFrames.append([(index, sealed)], to: set)
                index += 1
            }
            try await evidenceFrames.seal(set)
            try await rows.remove(set)
            logger.info("evidence frames moved into files", metadata: ["item": "\(name)", "frames": "\(index)"])
        }
    }

    /// For a backup of this embedded store taken as `snapshot` (an SQLite copy): links (or copies)
    /// into `folder` the frame file of every item the snapshot holds, and gives their names. Frame
    /// files are never changed once written, so the copy is of the snapshot's moment as long as the
    /// files it needs are still there: those a re-encryption let go meanwhile are taken from a first
    /// pass made before the snapshot; if one is still missing the backup fails, naming it.
    public func linkEvidenceFrames(
        into folder: URL, before snapshot: () async throws -> String
    ) async throws -> [(name: String, url: URL)] {
        guard let files = evidenceFrames as? EvidenceFrameFiles else {
            _ = try await snapshot()
            return []
        }
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func take(_ set: FrameSet) -> Bool {
            let target = folder.appendingPathComponent(files.fileName(set))
            if FileManager.default.fileExists(atPath: target.path) { return true }
            let source = files.url(set)
            if link(source.path, target.path) == 0 { return true }
            return (try? FileManager.default.copyItem(at: source, to: target)) != nil
        }
        for set in try await files.present(try await evidenceKeys()) { _ = take(set) }
        let path = try await snapshot()
        let copy = try await SQLiteHandle.open(path: path, readers: 1, logger: logger)
        let wanted: [ItemKeyRow]
        do {
            wanted = try await copy.read { db in
                try await db.raw("SELECT id, key_id FROM evidence_items").all(decoding: ItemKeyRow.self)
            }
            await copy.close()
        } catch {
            await copy.close()
            throw error
        }
        var names: [(name: String, url: URL)] = []
        var needed = Set<String>()
        for row in wanted {
            let set = FrameSet(item: row.id, key: row.key_id)
            guard take(set) else {
                throw StoreError.damaged(
                    "the frames of evidence item \(row.id) went while the backup ran: run it again")
            }
            let name = files.fileName(set)
            needed.insert(name)
            names.append((name, folder.appendingPathComponent(name)))
        }
        for extra in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where !needed.contains(extra) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(extra))
        }
        return names
    }
}
