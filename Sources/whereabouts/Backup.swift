import ArgumentParser
import Foundation
import SQLKit
import WhereaboutsEvidence
import WhereaboutsSecurity
import WhereaboutsStore

/// The backup a command reads, and the shares of the key-encryption key if the key file is not at hand.
struct BackupInput: ParsableArguments {
    @Argument(help: "The backup file.") var file: String
    @Option(help: "Shares of the key-encryption key (or files holding them) instead of the key file.")
    var share: [String] = []

    var url: URL { URL(fileURLWithPath: file) }

    /// The key from the shares, or that of the installation the backup names (never creating one).
    func key(_ store: StoreOptions) throws -> KeyEncryptionKey {
        if !share.isEmpty { return try KeyShares.combine(share) }
        if let given = try store.environmentKey() { return given.key }
        let header: BackupArchive.Header
        do { header = try BackupArchive.header(of: url) } catch let failure as BackupArchive.Failure {
            throw ValidationError(failure.description)
        }
        guard let installation = header.installation else {
            throw ValidationError(
                "this backup does not say which installation it is from: give --share, WHEREABOUTS_KEK or WHEREABOUTS_KEK_PASSPHRASE"
            )
        }
        return try store.keySource(try store.keys(installation), create: false).key
    }
}

/// `whereabouts backup create|verify|restore`: encrypted, verifiable snapshots (decision 0008).
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encrypted backups: take one while the server runs, check one, restore one into an empty store.",
        subcommands: [Create.self, Verify.self, Restore.self])

    /// The files of the data folder that travel with the database (never a key: those are in the key
    /// folder, decision 0019).
    static let companions = ["kek.salt"]
    /// How an embedded store's evidence frame files are named in a backup.
    static let evidencePrefix = "evidence-frames."

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Snapshot the store (SQLite online copy, or pg_dump) and the audit files, encrypted, to FILE.",
            discussion:
                "The backup is encrypted under a key derived from the key-encryption key: keep that key (or its shares) apart."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The backup file to write.") var file: String
        @Flag(help: "No progress output.") var quiet = false

        func run() async throws {
            let output = URL(fileURLWithPath: file).standardizedFileURL
            guard !FileManager.default.fileExists(atPath: output.path) else {
                throw ValidationError("\(output.path) exists already")
            }
            try await store.withStore("whereabouts.backup") { records in
                let key = try await store.keySource(of: records).key
                let work = try Backup.workFolder(in: store.resolvedDataDirectory)
                defer { try? FileManager.default.removeItem(at: work) }
                // A checkpoint of the head first, so the snapshot's newest entries are covered by a signature.
                try await store.auditLog(records).checkpoint()
                var files: [(name: String, url: URL)] = []
                for name in Backup.companions {
                    let source = store.resolvedDataDirectory.appendingPathComponent(name)
                    guard FileManager.default.fileExists(atPath: source.path) else { continue }
                    let copy = work.appendingPathComponent(name)
                    try FileManager.default.copyItem(at: source, to: copy)
                    files.append((name, copy))
                }
                let engine: String
                if let url = store.resolvedDatabaseURL {
                    engine = "postgres"
                    let dump = work.appendingPathComponent("database.pgdump")
                    try Backup.runTool(
                        "pg_dump", ["--format=custom", "--no-owner", "--file=" + dump.path, "--dbname=" + url])
                    files.insert(("database.pgdump", dump), at: 0)
                } else {
                    engine = "sqlite"
                    let copy = work.appendingPathComponent("whereabouts.sqlite")
                    // The evidence frames the snapshot's items read from travel beside it (decision 0035).
                    let frames = try await records.linkEvidenceFrames(into: work.appendingPathComponent("evidence")) {
                        try await records.snapshot(to: copy.path)
                        return copy.path
                    }
                    files.insert(("whereabouts.sqlite", copy), at: 0)
                    files += frames.map { (Backup.evidencePrefix + $0.name, $0.url) }
                }
                let total = try files.reduce(0) { sum, file in
                    sum + ((try FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as? Int) ?? 0)
                }
                let progress = ProgressLine("Encrypting the backup (bytes)", total: total, quiet: quiet)
                let created = Timestamp.format(Date())
                let entries = try BackupArchive.write(
                    files, to: output, key: key, engine: engine, installation: try await records.installationName(),
                    created: created
                ) { progress.update($0) }
                progress.finish(total)
                try await store.keys(of: records).noteBackup(created: created)
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .backupCreated, target: output.lastPathComponent,
                        details: ["engine": engine, "files": String(entries.count), "bytes": String(total)]))
                for entry in entries { print("\(entry.name)\t\(entry.size) bytes\tsha256 \(entry.sha256)") }
                print("Wrote the encrypted backup \(output.path).")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt a backup and check every frame and every file's hash; exit 1 if anything is wrong.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var input: BackupInput

        func run() async throws {
            let key = try input.key(store)
            do {
                let entries = try BackupArchive.read(input.url, key: key)
                for entry in entries { print("\(entry.name)\t\(entry.size) bytes\tsha256 \(entry.sha256)") }
                print("The backup is complete and unaltered.")
            } catch let failure as BackupArchive.Failure {
                print("✗ " + failure.description)
                throw ExitCode(1)
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a backup into an empty data folder (or an empty PostgreSQL database).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var backup: BackupInput
        @Flag(help: "Restore a backup older than the newest one of its installation known here (audited).")
        var allowOlder = false

        func run() async throws {
            let input = backup.url
            let key = try backup.key(store)
            let folder = store.resolvedDataDirectory
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let header: BackupArchive.Header
            do { header = try BackupArchive.header(of: input) } catch let failure as BackupArchive.Failure {
                throw ValidationError(failure.description)
            }
            let postgres = store.resolvedDatabaseURL
            guard (header.engine == "postgres") == (postgres != nil) else {
                throw ValidationError(
                    "this is a \(header.engine) backup: restore it with\(postgres == nil ? "" : "out") WHEREABOUTS_DATABASE_URL"
                )
            }
            let older = Backup.olderThanKnown(header, keys: header.installation.flatMap { try? store.keys($0) })
            if let older, !allowOlder {
                throw ValidationError(
                    "\(older): restoring it would bring back what changed since (revoked tokens, withdrawn testimony). "
                        + "Pass --allow-older to restore it anyway; the restore is audited.")
            }
            let database = folder.appendingPathComponent("whereabouts.sqlite")
            if postgres == nil, FileManager.default.fileExists(atPath: database.path) {
                throw ValidationError("\(database.path) exists: restore into an empty data folder")
            }
            for name in Backup.companions
            where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
                throw ValidationError("\(name) exists in \(folder.path): restore into an empty data folder")
            }
            let evidence = SQLRecordStore.evidenceFolder(ofDatabaseAt: database.path)
            if postgres == nil, FileManager.default.fileExists(atPath: evidence.path) {
                throw ValidationError("\(evidence.path) exists: restore into an empty data folder")
            }
            let work = try Backup.workFolder(in: folder)
            defer { try? FileManager.default.removeItem(at: work) }
            let entries: [BackupArchive.Entry]
            do {
                entries = try BackupArchive.read(input, key: key, into: work)
            } catch let failure as BackupArchive.Failure {
                throw ValidationError(failure.description)
            }
            if let postgres {
                try await Backup.requireEmpty(postgres)
                try Backup.runTool(
                    "pg_restore",
                    [
                        "--no-owner", "--exit-on-error", "--dbname=" + postgres,
                        work.appendingPathComponent("database.pgdump").path,
                    ])
            }
            // Companions first, the database last: until it is in place the folder holds no store.
            for entry in entries where entry.name != "database.pgdump" && entry.name != "whereabouts.sqlite" {
                var target = folder.appendingPathComponent(entry.name)
                if entry.name.hasPrefix(Backup.evidencePrefix) {
                    try FileManager.default.createDirectory(
                        at: evidence, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                    target = evidence.appendingPathComponent(String(entry.name.dropFirst(Backup.evidencePrefix.count)))
                }
                try FileManager.default.moveItem(at: work.appendingPathComponent(entry.name), to: target)
            }
            if postgres == nil {
                try FileManager.default.moveItem(at: work.appendingPathComponent("whereabouts.sqlite"), to: database)
            }
            try await store.withStore("whereabouts.backup", key: key) { records in
                let keys = try await store.keys(of: records)
                if try !backup.share.isEmpty || store.environmentKey() == nil,
                    !FileManager.default.fileExists(atPath: keys.kekFile.path)
                {
                    try keys.create()
                    try KeyFile.write(key, to: keys.kekFile)
                    StoreOptions.tell(
                        "Wrote the key-encryption key to \(keys.kekFile.path): back it up apart from the data.")
                }
                let integrity = try await records.integrityCheck()
                guard integrity == "ok" else {
                    throw ValidationError("the restored database fails its integrity check: \(integrity)")
                }
                let counts = try await records.counts(access: .operatorAccess)
                var details = ["engine": header.engine, "created": header.created]
                if let older {
                    details["older"] = older
                } else {
                    try keys.noteBackup(created: header.created)
                }
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .backupRestored, target: input.lastPathComponent,
                        details: details))
                print(
                    "Restored the backup of \(header.created): "
                        + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
                        .joined(separator: ", "))
            }
        }
    }

    /// Why `header` is older than what this machine knows of its installation (the newest backup made or
    /// restored here, in the key folder), or nil when it is not; a backup of an earlier release, whose
    /// date is not authenticated, cannot be shown to be new.
    static func olderThanKnown(_ header: BackupArchive.Header, keys: KeyDirectory?) -> String? {
        guard header.authenticated else {
            return
                "this backup's creation date (\(header.created)) is not authenticated: it was made by an earlier release"
        }
        guard let newest = keys?.newestBackup(), header.created < newest else { return nil }
        return
            "this backup was made at \(header.created), before the newest backup of its installation known here (\(newest))"
    }

    /// A private scratch folder inside the data folder (so nothing decrypted leaves it). Scratch
    /// folders an interrupted backup left more than an hour ago are removed first.
    static func workFolder(in folder: URL) throws -> URL {
        let hourAgo = Date().addingTimeInterval(-3600)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(".backup-") {
            let stale = folder.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: stale.path)[.modificationDate]) as? Date
            if let modified, modified < hourAgo { try? FileManager.default.removeItem(at: stale) }
        }
        let work = folder.appendingPathComponent(".backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return work
    }

    /// Runs a PostgreSQL client tool (from PATH or the newest /usr/lib/postgresql/*/bin).
    static func runTool(_ name: String, _ arguments: [String]) throws {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted {
            $0.compare($1, options: .numeric) == .orderedDescending
        }
        guard let tool = ExternalTool.find(name, extraFolders: versions.map { "/usr/lib/postgresql/\($0)/bin" }) else {
            throw ValidationError("\(name) is not installed (apt-get install postgresql-client)")
        }
        let outcome = try tool.run(arguments)
        guard outcome.status == 0 else { throw ValidationError("\(name) failed: " + outcome.errors.prefix(2000)) }
    }

    /// Refuses a PostgreSQL database that already holds a Whereabouts store.
    static func requireEmpty(_ url: String) async throws {
        let handle = try await PostgresHandle.open(
            url: url, size: 1, logger: CLILogging.logger("whereabouts.backup", level: .warning))
        let tables = try await handle.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
        await handle.close()
        guard tables == 0 else {
            throw ValidationError("the PostgreSQL database is not empty: restore into an empty one")
        }
    }
}
