import Foundation
import Logging
import SQLKit
import SQLiteKit

/// An SQLite database file in WAL mode with foreign keys on: one writer connection (SQLite allows
/// one writer at a time) and a few readers that never block it.
public final class SQLiteHandle: DatabaseHandle {
    public let dialect = StoreDialect.sqlite
    public let path: String
    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteConnection>
    private let logger: Logger
    /// Another process holding the write lock past the busy timeout (15 s) is waited out a few times more.
    private let retry = ConflictRetry(attempts: 4)

    /// The page size a database created here gets unless told otherwise.
    public static let defaultPageSize = 16_384

    /// Opens (creating if needed, with pages of `pageSize` bytes) the database at `path`.
    public static func open(
        path: String, readers: Int = 4, pageSize: Int = defaultPageSize, logger: Logger
    ) async throws -> SQLiteHandle {
        var opened: [SQLiteConnection] = []
        for _ in 0..<(1 + max(1, readers)) {
            let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            // A new database gets 16 KiB pages (SQLite's default is 4 KiB): a quarter of the pages,
            // page splits and WAL frames for the same rows; a large import runs about a tenth faster
            // and checkpoints sooner (decision 0013). An existing database keeps the size it has.
            for pragma in [
                "PRAGMA page_size = \(pageSize)", "PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON",
                "PRAGMA busy_timeout = 15000", "PRAGMA synchronous = FULL", "PRAGMA temp_store = MEMORY",
                // Deleted content is zeroed where that costs no extra I/O; the rest goes at the next
                // ``reclaimFreedSpace()``.
                "PRAGMA secure_delete = FAST",
            ] {
                try await connection.sql().raw(SQLQueryString(stringLiteral: pragma)).run()
            }
            opened.append(connection)
        }
        // The writer keeps a larger page cache (32 MiB) so that big imports do not spill pages mid-transaction.
        try await opened[0].sql().raw("PRAGMA cache_size = -32768").run()
        return SQLiteHandle(path: path, writer: opened[0], readers: Array(opened.dropFirst()), logger: logger)
    }

    private init(path: String, writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.path = path
        self.writer = ConnectionPool([writer])
        self.readers = ConnectionPool(readers)
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await readers.with { connection in try await body(connection.sql()) }
    }

    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await retry.run {
            try await writer.with { connection in
                try await connection.sql().transaction(begin: "BEGIN IMMEDIATE", body)
            }
        }
    }

    /// `VACUUM` (a fresh copy of the database without its free pages), then the write-ahead log
    /// emptied, so that no old page survives in either file.
    public func reclaimFreedSpace() async throws {
        try await writer.with { connection in
            try await connection.sql().raw("VACUUM").run()
            try await connection.sql().raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
    }

    public func close() async {
        for connection in await writer.connections + readers.connections {
            try? await connection.close()
        }
    }
}
