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

    /// Opens (creating on first use) the data folder and the store, migrated and with vocabularies loaded.
    func openStore(logger: Logger) async throws -> SQLRecordStore {
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
        return try await SQLRecordStore.open(handle, clock: { Date() }, logger: logger)
    }

    /// Opens the store, runs `body`, and closes the store whether `body` succeeds or throws.
    func withStore<T>(_ label: String, _ body: (SQLRecordStore) async throws -> T) async throws -> T {
        let store = try await openStore(logger: CLILogging.logger(label, level: .warning))
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
