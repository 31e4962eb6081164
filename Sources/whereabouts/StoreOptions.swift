import ArgumentParser
import Foundation
import Logging
import WhereaboutsSecurity
import WhereaboutsStore

/// Options every subcommand that opens the store shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: "Folder for the SQLite database and evidence (default: $WHEREABOUTS_DATA_DIR or ./whereabouts-data).")
    var dataDirectory: String?

    @Option(
        name: .customLong("database-url"),
        help: "postgres://… to use PostgreSQL instead of SQLite (default: $WHEREABOUTS_DATABASE_URL).")
    var databaseURL: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedDataDirectory: URL {
        let path = dataDirectory ?? environment["WHEREABOUTS_DATA_DIR"] ?? "./whereabouts-data"
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    var resolvedDatabaseURL: String? {
        (databaseURL ?? environment["WHEREABOUTS_DATABASE_URL"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Opens (creating on first use) the data folder and the store, migrated and with vocabularies
    /// loaded, its identities sealed under this installation's key (or `key`, when given).
    func openStore(logger: Logger, key: KeyEncryptionKey? = nil) async throws -> SQLRecordStore {
        let folder = resolvedDataDirectory
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let handle: any DatabaseHandle
        if let url = resolvedDatabaseURL {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ValidationError("WHEREABOUTS_DATABASE_URL must start with postgres://")
            }
            handle = try await PostgresHandle.open(url: url, logger: logger)
        } else {
            let path = folder.appendingPathComponent("whereabouts.sqlite").path
            handle = try await SQLiteHandle.open(path: path, logger: logger)
            // The database and its journal files are readable by this account only.
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            }
        }
        do {
            if let key {
                return try await SQLRecordStore.open(
                    handle, clock: { Date() }, logger: logger, protection: .sealed(Keyring(kek: key)))
            }
            return try await openSealed(handle, logger: logger)
        } catch {
            await handle.close()
            throw error
        }
    }

    /// Opens the store with this installation's key-encryption key. A key rotation that stopped
    /// between re-wrapping the data keys and replacing the key file is finished here: whichever of
    /// `kek.key` and `kek.key.next` opens the data keys becomes `kek.key`.
    private func openSealed(_ handle: any DatabaseHandle, logger: Logger) async throws -> SQLRecordStore {
        let source = try keySource()
        do {
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: logger, protection: .sealed(Keyring(kek: source.key)))
            if let next = source.pendingFile { try? FileManager.default.removeItem(at: next) }
            return store
        } catch KeyringError.otherKeyEncryptionKey {
            if source.created {
                // A key made just now cannot open existing data: the key file was lost.
                try? FileManager.default.removeItem(at: keyFile)
                throw ValidationError(
                    "\(keyFile.path) is missing but the store's data is sealed: put the key file back, set "
                        + "WHEREABOUTS_KEK / WHEREABOUTS_KEK_PASSPHRASE, or rebuild it with `whereabouts keys recover`")
            }
            guard let next = source.pendingFile, let pending = try? KeyFile.load(next) else {
                throw ValidationError(KeyringError.otherKeyEncryptionKey.description)
            }
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: logger, protection: .sealed(Keyring(kek: pending)))
            try KeyFile.write(pending, to: keyFile)
            try? FileManager.default.removeItem(at: next)
            return store
        }
    }

    /// The key file in the data folder.
    var keyFile: URL { resolvedDataDirectory.appendingPathComponent("kek.key") }
    /// Where `keys rotate` puts the new key until the database has been re-wrapped under it.
    var pendingKeyFile: URL { resolvedDataDirectory.appendingPathComponent("kek.key.next") }

    /// The key-encryption key: from `WHEREABOUTS_KEK` (base64), from `WHEREABOUTS_KEK_PASSPHRASE`
    /// (scrypt with the salt in `kek.salt`), or from `kek.key` in the data folder, created on first use.
    func keySource(create: Bool = true) throws -> (
        key: KeyEncryptionKey, pendingFile: URL?, kind: String, created: Bool
    ) {
        do {
            if let base64 = environment["WHEREABOUTS_KEK"], !base64.isEmpty {
                return (try KeyEncryptionKey(base64: base64), nil, "WHEREABOUTS_KEK", false)
            }
            if let passphrase = environment["WHEREABOUTS_KEK_PASSPHRASE"], !passphrase.isEmpty {
                let salt = try KeyFile.salt(resolvedDataDirectory.appendingPathComponent("kek.salt"))
                return (
                    try KeyEncryptionKey.derive(passphrase: passphrase, salt: salt), nil, "WHEREABOUTS_KEK_PASSPHRASE",
                    false
                )
            }
            try FileManager.default.createDirectory(
                at: resolvedDataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let pending = FileManager.default.fileExists(atPath: pendingKeyFile.path) ? pendingKeyFile : nil
            if !create, !FileManager.default.fileExists(atPath: keyFile.path) {
                throw ValidationError(
                    "no key-encryption key: put kek.key in \(resolvedDataDirectory.path), or set WHEREABOUTS_KEK or WHEREABOUTS_KEK_PASSPHRASE"
                )
            }
            let (key, created) = try KeyFile.loadOrCreate(keyFile)
            return (key, pending, keyFile.path, created)
        } catch let error as KeyError {
            throw ValidationError(error.description)
        }
    }

    /// Opens the store, runs `body`, and closes the store whether `body` succeeds or throws.
    func withStore<T>(
        _ label: String, key: KeyEncryptionKey? = nil, _ body: (SQLRecordStore) async throws -> T
    ) async throws -> T {
        let store = try await openStore(logger: CLILogging.logger(label, level: .warning), key: key)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }

    /// The audit log of this installation, its signed checkpoints and signing key in the data folder
    /// (apart from the database, whichever engine holds it).
    func auditLog(_ store: SQLRecordStore) throws -> AuditLog {
        try FileManager.default.createDirectory(
            at: resolvedDataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return AuditLog(
            database: store.database, clock: { Date() },
            checkpoints: try AuditCheckpoints.open(in: resolvedDataDirectory))
    }

    /// Records what a command did in the audit log, and checkpoints the chain.
    func audit(_ store: SQLRecordStore, _ event: AuditEvent) async throws {
        let log = try auditLog(store)
        try await log.record(event)
        try await log.checkpoint()
    }

    /// The name commands run from this machine are recorded under.
    static var operatorName: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "operator") }

    /// Where the store lives, for messages (never the password of a database URL).
    var description: String {
        if let url = resolvedDatabaseURL, var components = URLComponents(string: url) {
            components.password = components.password == nil ? nil : "****"
            return components.string ?? "PostgreSQL"
        }
        return resolvedDataDirectory.appendingPathComponent("whereabouts.sqlite").path
    }
}

/// Logging for the command line: structured key=value lines on standard error.
enum CLILogging {
    static func logger(_ label: String, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
