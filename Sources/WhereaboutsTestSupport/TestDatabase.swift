import Foundation
import Logging
import PostgresKit
import WhereaboutsStore

/// Isolated databases for tests: a fresh SQLite file in a temporary folder, or, when the test run
/// names a PostgreSQL server in `WHEREABOUTS_TEST_DATABASE_URL`, a fresh database on it that is
/// dropped afterwards. Test code only: the product's modules never read the environment.
public enum TestDatabase {
    /// The PostgreSQL server the suite runs against, if any.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["WHEREABOUTS_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var dialectName: String { postgresURL == nil ? "sqlite" : "postgres" }

    /// Runs `body` with an empty, migrated store (identities sealed under a new throwaway key unless
    /// `protection` says otherwise) and removes the database afterwards.
    public static func withStore<T>(
        clock: @escaping @Sendable () -> Date = { Date() }, protection: IdentityProtection = .sealed(.ephemeral()),
        _ body: (SQLRecordStore) async throws -> T
    ) async throws -> T {
        try await withDatabase { handle in
            let store = try await SQLRecordStore.open(handle, clock: clock, logger: logger, protection: protection)
            return try await body(store)
        }
    }

    /// Where a test database lives, for tests that look at the raw storage.
    public enum Location: Sendable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    /// Runs `body` with an empty database handle (not migrated).
    public static func withDatabase<T>(_ body: (any DatabaseHandle) async throws -> T) async throws -> T {
        try await withLocatedDatabase { handle, _ in try await body(handle) }
    }

    /// Runs `body` with an empty database handle (not migrated) and where its data lives.
    public static func withLocatedDatabase<T>(
        _ body: (any DatabaseHandle, Location) async throws -> T
    ) async throws -> T {
        if let postgresURL {
            // Tests run in parallel; each database holds a few connections, so at most `slots` exist at
            // once and the server's connection limit is never reached (a refused connection would end
            // the whole run).
            await postgresSlots.acquire()
            defer { Task { await postgresSlots.release() } }
            let name = "wt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await admin(postgresURL, "CREATE DATABASE \(name)")
            var components = URLComponents(string: postgresURL)!
            components.path = "/" + name
            let handle = try await PostgresHandle.open(url: components.string!, size: 3, logger: logger)
            do {
                let result = try await body(handle, .postgres(url: components.string!))
                await handle.close()
                try await admin(postgresURL, "DROP DATABASE \(name)")
                return result
            } catch {
                await handle.close()
                try? await admin(postgresURL, "DROP DATABASE \(name)")
                throw error
            }
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("test.sqlite").path
        let handle = try await SQLiteHandle.open(path: path, readers: 2, logger: logger)
        do {
            let result = try await body(handle, .sqlite(path: path))
            await handle.close()
            return result
        } catch {
            await handle.close()
            throw error
        }
    }

    /// Another handle on the database at `location`, as a second server of the same installation
    /// would open it; the caller closes it.
    public static func open(_ location: Location) async throws -> any DatabaseHandle {
        switch location {
        case .sqlite(let path): return try await SQLiteHandle.open(path: path, readers: 2, logger: logger)
        case .postgres(let url): return try await PostgresHandle.open(url: url, size: 3, logger: logger)
        }
    }

    /// A new empty folder under the system's temporary folder.
    public static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whereabouts-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    public static let logger: Logger = {
        var logger = Logger(label: "whereabouts.test")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs one statement (a database name made here, never input) on the server's admin database.
    private static func admin(_ url: String, _ statement: String) async throws {
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// A counting semaphore for test databases on PostgreSQL.
actor DatabaseSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// At most 80 PostgreSQL test databases at once (about 320 connections with their pools).
let postgresSlots = DatabaseSlots(80)
