import Foundation
import SQLKit

/// The name of an installation, stored in its database (migration 14): what its key folder is
/// called, what its backups and audit checkpoints say they belong to.
public enum Installation {
    /// Brings the schema up to date and returns the installation's name, before anything needs a key
    /// (the name says which key to use).
    public static func identify(_ database: any DatabaseHandle, now: Date) async throws -> String {
        try await Migrator.migrate(database, now: now)
        return try await name(database)
    }

    /// The installation's name in a migrated database.
    public static func name(_ database: any DatabaseHandle) async throws -> String {
        let name = try await database.read { db in
            try await db.raw("SELECT name FROM installation WHERE id = 1").first(
                decodingColumn: "name", as: String.self)
        }
        guard let name, !name.isEmpty else { throw StoreError.damaged("the database names no installation") }
        return name
    }
}

extension SQLRecordStore {
    /// This store's installation name.
    public func installationName() async throws -> String { try await Installation.name(database) }
}
