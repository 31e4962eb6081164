import Foundation
import SQLKit

extension SQLRecordStore {
    /// Writes a consistent copy of the SQLite database to `path` while others keep reading and
    /// writing (`VACUUM INTO` runs in one read transaction, so the copy is one moment's state).
    /// On PostgreSQL the CLI takes the snapshot with `pg_dump` instead.
    public func snapshot(to path: String) async throws {
        guard database.dialect == .sqlite else {
            throw StoreError.damaged("a PostgreSQL store is backed up with pg_dump")
        }
        try await database.read { db in try await db.raw("VACUUM INTO \(bind: path)").run() }
    }

    /// `PRAGMA integrity_check` on SQLite (`ok` when sound); PostgreSQL checks itself and answers `ok`.
    public func integrityCheck() async throws -> String {
        guard database.dialect == .sqlite else { return "ok" }
        let rows = try await database.read { db in
            try await db.raw("PRAGMA integrity_check").all(decodingColumn: "integrity_check", as: String.self)
        }
        return rows.joined(separator: "; ")
    }
}
