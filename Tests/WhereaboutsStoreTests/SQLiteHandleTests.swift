import Foundation
import Logging
import SQLKit
import Testing
import WhereaboutsTestSupport

@testable import WhereaboutsStore

@Suite("SQLite handle")
struct SQLiteHandleTests {
    @Test(
        "a new database gets 16 KiB pages, the write-ahead log, foreign keys and large full-text segments; an existing one keeps its pages"
    )
    func pagesJournalAndKeys() async throws {
        let folder = try TestDatabase.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fresh = try await SQLiteHandle.open(
            path: folder.appendingPathComponent("new.sqlite").path, readers: 1, logger: TestDatabase.logger)
        try await Migrator.migrate(fresh, now: Date())
        let settings = try await fresh.read { db in
            [
                try await Self.pragma("page_size", in: db), try await Self.pragma("journal_mode", in: db),
                try await Self.pragma("foreign_keys", in: db),
                // Migration 11: the full-text tables gather 32 MiB of terms before writing a segment.
                try await db.raw("SELECT v FROM record_search_config WHERE k = 'hashsize'").first()?
                    .decode(column: "v", as: Int.self).description,
                try await db.raw("SELECT v FROM record_grams_config WHERE k = 'hashsize'").first()?
                    .decode(column: "v", as: Int.self).description,
            ]
        }
        #expect(settings == ["16384", "wal", "1", "33554432", "33554432"])
        await fresh.close()

        // A database an earlier release made, with SQLite's default 4 KiB pages, opens and migrates as it is.
        let oldPath = folder.appendingPathComponent("old.sqlite").path
        let old = try await SQLiteHandle.open(path: oldPath, readers: 1, pageSize: 4096, logger: TestDatabase.logger)
        try await old.write { db in try await db.raw("CREATE TABLE earlier (id INTEGER PRIMARY KEY)").run() }
        await old.close()
        let reopened = try await SQLiteHandle.open(path: oldPath, readers: 1, logger: TestDatabase.logger)
        try await Migrator.migrate(reopened, now: Date())
        let kept = try await reopened.read { db in
            [try await Self.pragma("page_size", in: db), try await Self.pragma("journal_mode", in: db)]
        }
        #expect(kept == ["4096", "wal"])
        await reopened.close()
    }

    private static func pragma(_ name: String, in db: any SQLDatabase) async throws -> String? {
        let row = try await db.raw(SQLQueryString(stringLiteral: "PRAGMA \(name)")).first()
        guard let row else { return nil }
        if let number = try? row.decode(column: name, as: Int.self) { return String(number) }
        return try row.decode(column: name, as: String.self)
    }
}
