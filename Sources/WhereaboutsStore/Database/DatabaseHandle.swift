import SQLKit

/// Which SQL engine a store runs on; the few statements that differ (DDL, full-text search) branch on it.
public enum StoreDialect: String, Sendable {
    case sqlite, postgres
}

/// An open database: reads on any connection, writes in a transaction on one connection at a time.
public protocol DatabaseHandle: Sendable {
    var dialect: StoreDialect { get }
    /// Runs `body` on a pooled connection, outside any explicit transaction.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` in a transaction that commits when it returns and rolls back when it throws. On
    /// PostgreSQL a transaction aborted by a concurrent one is run again (``ConflictRetry``), so
    /// `body` must have no effect outside the transaction.
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Rewrites the storage so that content deleted or replaced earlier is gone from the files, not
    /// only unreachable: after values that were in clear, or under a key being retired, were sealed
    /// again. Takes the database for a while (SQLite `VACUUM`, PostgreSQL `VACUUM FULL`).
    func reclaimFreedSpace() async throws
    /// Closes every connection. The handle must not be used afterwards.
    func close() async
}

extension SQLDatabase {
    /// Runs `body` between BEGIN and COMMIT, rolling back when it throws.
    func transaction<T: Sendable>(
        begin: SQLQueryString, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await raw(begin).run()
        do {
            let result = try await body(self)
            try await raw("COMMIT").run()
            return result
        } catch {
            try? await raw("ROLLBACK").run()
            throw error
        }
    }
}
