import Foundation
import SQLKit

/// One numbered step of the schema. Steps run in order, each in its own transaction, once.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// The statements for a dialect; most are the same for both.
    let statements: @Sendable (StoreDialect) -> [String]
}

/// Column types that differ between the dialects.
extension StoreDialect {
    /// A 64-bit integer column.
    var integer: String { self == .sqlite ? "INTEGER" : "BIGINT" }
    /// An auto-numbered primary key.
    var serialKey: String {
        self == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
    }
}

/// Brings a database's schema up to date.
enum Migrator {
    static let all: [Migration] = [
        .records,
        .search,
        .vocabulary,
        .accounts,
        .generation,
        .audit,
        .keys,
        .matches,
        .compactTables,
        .seqKeys,
        .searchHashSize,
        .referenceRoles,
        .moreSealedFields,
        .installation,
        .auditCheckpoints,
        .auditAnchors,
        .tokenCompartments,
        .evidence,
        .queueIndexes,
        .unDocuments,
        .evidenceTimestamps,
        .unFollowUp,
    ]

    /// Applies every migration not yet recorded in `schema_migrations` (up to `last`, which tests use
    /// to build a database as an earlier release left it); returns the versions applied.
    @discardableResult
    static func migrate(_ database: any DatabaseHandle, now: Date, through last: Int = .max) async throws -> [Int] {
        let dialect = database.dialect
        try await database.write { db in
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version \(unsafeRaw: dialect.integer) PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL)
                """
            ).run()
        }
        var applied: [Int] = []
        for migration in all where migration.version <= last {
            // Checked and applied in one write transaction, so two processes starting at once cannot
            // both apply the same step.
            let didApply = try await database.write { db in
                let done =
                    try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)")
                    .first() != nil
                if done { return false }
                for statement in migration.statements(dialect) {
                    try await db.raw(SQLQueryString(stringLiteral: statement)).run()
                }
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.format(now)))
                    """
                ).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }
}
