import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// The row of a record the reader may see; one outside their compartments is not found, exactly
    /// as one that does not exist, so an error never tells them it is there.
    func visibleRow(_ id: RecordID, access: RecordAccess, in db: any SQLDatabase) async throws -> RecordRow {
        let row = try await row(id, in: db)
        guard try await isVisible([id.description], access: access, in: db) else { throw StoreError.notFound(id) }
        return row
    }

    /// The access a scan filters with: a reader in every compartment that exists sees every placed
    /// record (and every record is placed), so their scans skip the per-row visibility test. Identity
    /// access is kept as it is.
    func filtering(_ access: RecordAccess) async throws -> RecordAccess {
        guard let mine = access.compartments else { return access }
        let all = try await database.read { db in
            try await db.raw("SELECT id FROM compartments").all(decodingColumn: "id", as: String.self)
        }
        return mine.isSuperset(of: all)
            ? RecordAccess(compartments: nil, seesIdentities: access.seesIdentities) : access
    }

    /// Whether every one of `ids` is visible with `access`.
    func isVisible(_ ids: [String], access: RecordAccess, in db: any SQLDatabase) async throws -> Bool {
        guard access.compartments != nil else { return true }
        let placements = try await placements(ids, in: db)
        return ids.allSatisfy { access.canSee(placements[$0] ?? []) }
    }
}
