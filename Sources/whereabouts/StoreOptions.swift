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

    @Option(
        name: .customLong("key-dir"),
        help: ArgumentHelp(
            "Folder of the installations' keys (default: $WHEREABOUTS_KEY_DIR, else $XDG_CONFIG_HOME/whereabouts/keys or ~/.config/whereabouts/keys).",
            discussion:
                "Each installation's keys are in a sub-folder named after the installation; never in the data folder."
        ))
    var keyDirectory: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedDataDirectory: URL {
        let path = dataDirectory ?? environment["WHEREABOUTS_DATA_DIR"] ?? "./whereabouts-data"
        return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    var resolvedDatabaseURL: String? {
        (databaseURL ?? environment["WHEREABOUTS_DATABASE_URL"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The folder that holds the installations' key folders: `--key-dir`, `$WHEREABOUTS_KEY_DIR`, else
    /// `whereabouts/keys` in the user's configuration folder (decision 0019).
    var resolvedKeyRoot: URL {
        if let path = keyDirectory ?? environment["WHEREABOUTS_KEY_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        }
        let configuration =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.config")
        return URL(fileURLWithPath: configuration, isDirectory: true).appendingPathComponent("whereabouts/keys")
            .standardizedFileURL
    }

    /// The key folder of `installation`.
    func keys(_ installation: String) throws -> KeyDirectory {
        do { return try KeyDirectory(root: resolvedKeyRoot, installation: installation) } catch let error as KeyError {
            throw ValidationError(error.description)
        }
    }

    /// The key folder of the installation `store` holds.
    func keys(of store: SQLRecordStore) async throws -> KeyDirectory { try keys(try await store.installationName()) }

    /// Opens (creating on first use) the data folder and the store, migrated and with vocabularies
    /// loaded, its identities sealed under this installation's key (or `key`, when given). Key files an
    /// earlier release kept in the data folder are moved to the installation's key folder first.
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
            let keys = try keys(try await Installation.identify(handle, now: Date()))
            try adoptLegacyKeys(into: keys)
            if let key {
                return try await SQLRecordStore.open(
                    handle, clock: { Date() }, logger: logger, protection: .sealed(Keyring(kek: key)))
            }
            return try await openSealed(handle, keys: keys, logger: logger)
        } catch {
            await handle.close()
            throw error
        }
    }

    /// Moves `kek.key`, `kek.key.next` and `audit-signing.key` an earlier release kept in the data
    /// folder into the installation's key folder, and says so.
    private func adoptLegacyKeys(into keys: KeyDirectory) throws {
        let moved: [String]
        do { moved = try keys.adoptLegacyKeys(from: resolvedDataDirectory) } catch let error as KeyError {
            throw ValidationError(error.description)
        }
        guard !moved.isEmpty else { return }
        StoreOptions.tell(
            "Moved \(moved.joined(separator: ", ")) from the data folder \(resolvedDataDirectory.path) to the key folder "
                + "\(keys.folder.path): the data folder alone no longer opens anything. Back the key folder up apart "
                + "from the data (or `whereabouts keys split` for trustees).")
    }

    /// Opens the store with this installation's key-encryption key. A key rotation that stopped
    /// between re-wrapping the data keys and replacing the key file is finished here: whichever of
    /// `kek.key` and `kek.key.next` opens the data keys becomes `kek.key`.
    private func openSealed(_ handle: any DatabaseHandle, keys: KeyDirectory, logger: Logger) async throws
        -> SQLRecordStore
    {
        let source = try keySource(keys)
        do {
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: logger, protection: .sealed(Keyring(kek: source.key)))
            if let next = source.pendingFile { try? FileManager.default.removeItem(at: next) }
            if source.created {
                StoreOptions.tell(
                    "Made this installation's key-encryption key: \(keys.kekFile.path). Without it the data cannot be "
                        + "opened, and it is not in the data folder or in backups: copy it to offline media kept apart "
                        + "from the data, or give trustees shares of it with `whereabouts keys split`.")
            }
            return store
        } catch KeyringError.otherKeyEncryptionKey {
            if source.created {
                // A key made just now cannot open existing data: the key file was lost.
                try? FileManager.default.removeItem(at: keys.kekFile)
                throw ValidationError(
                    "\(keys.kekFile.path) is missing but the store's data is sealed: put the key file back, set "
                        + "WHEREABOUTS_KEK / WHEREABOUTS_KEK_PASSPHRASE, or rebuild it with `whereabouts keys recover`")
            }
            guard let next = source.pendingFile, let pending = try? KeyFile.load(next) else {
                throw ValidationError(KeyringError.otherKeyEncryptionKey.description)
            }
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: logger, protection: .sealed(Keyring(kek: pending)))
            try KeyFile.write(pending, to: keys.kekFile)
            try? FileManager.default.removeItem(at: next)
            return store
        }
    }

    /// Where the key-encryption key came from.
    struct KeySource {
        let key: KeyEncryptionKey
        /// `kek.key.next`, when a rotation left one.
        let pendingFile: URL?
        /// The environment variable, or the key file's path.
        let kind: String
        /// Whether the key file was made just now.
        let created: Bool
    }

    /// The key-encryption key: from the environment (``environmentKey()``), or from `kek.key` in the
    /// installation's key folder, created on first use.
    func keySource(_ keys: KeyDirectory, create: Bool = true) throws -> KeySource {
        if let given = try environmentKey() { return given }
        let pending = FileManager.default.fileExists(atPath: keys.pendingKekFile.path) ? keys.pendingKekFile : nil
        if !create, !FileManager.default.fileExists(atPath: keys.kekFile.path) {
            throw ValidationError(
                "no key-encryption key: put kek.key in \(keys.folder.path), or set WHEREABOUTS_KEK or WHEREABOUTS_KEK_PASSPHRASE"
            )
        }
        do {
            try keys.create()
            let (key, created) = try KeyFile.loadOrCreate(keys.kekFile)
            return KeySource(key: key, pendingFile: pending, kind: keys.kekFile.path, created: created)
        } catch let error as KeyError {
            throw ValidationError(error.description)
        }
    }

    /// The key-encryption key given in the environment: `WHEREABOUTS_KEK` (base64), or
    /// `WHEREABOUTS_KEK_PASSPHRASE` (scrypt with the salt in `kek.salt` in the data folder); nil when neither is.
    func environmentKey() throws -> KeySource? {
        do {
            if let base64 = environment["WHEREABOUTS_KEK"], !base64.isEmpty {
                return KeySource(
                    key: try KeyEncryptionKey(base64: base64), pendingFile: nil, kind: "WHEREABOUTS_KEK", created: false
                )
            }
            if let passphrase = environment["WHEREABOUTS_KEK_PASSPHRASE"], !passphrase.isEmpty {
                try FileManager.default.createDirectory(
                    at: resolvedDataDirectory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
                let salt = try KeyFile.salt(resolvedDataDirectory.appendingPathComponent("kek.salt"))
                return KeySource(
                    key: try KeyEncryptionKey.derive(passphrase: passphrase, salt: salt), pendingFile: nil,
                    kind: "WHEREABOUTS_KEK_PASSPHRASE", created: false)
            }
            return nil
        } catch let error as KeyError {
            throw ValidationError(error.description)
        }
    }

    /// The key-encryption key of the installation `store` holds.
    func keySource(of store: SQLRecordStore) async throws -> KeySource { try keySource(try await keys(of: store)) }

    /// A message for the operator on standard error (never logged).
    static func tell(_ message: String) { FileHandle.standardError.write(Data((message + "\n").utf8)) }

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

    /// The audit log of this installation: its checkpoints signed with this machine's key from the
    /// installation's key folder (made on first use), never with anything in the data folder.
    func auditLog(_ store: SQLRecordStore) async throws -> AuditLog {
        let keys = try await keys(of: store)
        try keys.create()
        let (key, created) = try AuditNodeKey.loadOrCreate(keys.nodeKeyFile)
        if created {
            StoreOptions.tell(
                "Made this machine's audit signing key \(key.id) in \(keys.nodeKeyFile.path). Give its public key to "
                    + "your auditor: `whereabouts audit trust export >> trusted-keys`.")
        }
        return AuditLog(database: store.database, clock: { Date() }, signer: key)
    }

    /// Records what a command did in the audit log, and checkpoints the chain.
    func audit(_ store: SQLRecordStore, _ event: AuditEvent) async throws {
        let log = try await auditLog(store)
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
