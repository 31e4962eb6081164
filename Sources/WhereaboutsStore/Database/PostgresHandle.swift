import Foundation
import Logging
import PostgresKit
import SQLKit

/// A PostgreSQL database reached through a `postgres://` URL, with a small pool of connections.
public final class PostgresHandle: DatabaseHandle {
    public let dialect = StoreDialect.postgres
    private let pool: ConnectionPool<PostgresConnection>
    private let logger: Logger
    /// How transactions aborted by a concurrent one are run again.
    let retry = ConflictRetry()

    /// Connects `size` connections to the database named in `url`.
    public static func open(url: String, size: Int = 6, logger: Logger) async throws -> PostgresHandle {
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        var opened: [PostgresConnection] = []
        for index in 0..<max(1, size) {
            opened.append(try await PostgresConnection.connect(configuration: configuration, id: index, logger: logger))
        }
        return PostgresHandle(pool: ConnectionPool(opened), logger: logger)
    }

    private init(pool: ConnectionPool<PostgresConnection>, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.with { connection in try await body(connection.sql()) }
    }

    /// Runs `body` in a transaction, and again (``ConflictRetry``) when PostgreSQL aborted it because
    /// of a concurrent transaction; every write path of the store goes through here.
    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await retry.run {
            try await pool.with { connection in
                try await connection.sql().transaction(begin: "BEGIN", body)
            }
        }
    }

    /// `VACUUM FULL`: every table rewritten without its dead rows (which plain `VACUUM` only marks
    /// reusable). Old row versions may survive in the write-ahead log and backups until they expire.
    public func reclaimFreedSpace() async throws {
        try await pool.with { connection in try await connection.sql().raw("VACUUM FULL").run() }
    }

    public func close() async {
        for connection in await pool.connections {
            try? await connection.close()
        }
    }
}
