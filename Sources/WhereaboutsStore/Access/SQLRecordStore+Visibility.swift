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

    /// Whether every one of `ids` is visible with `access`.
    func isVisible(_ ids: [String], access: RecordAccess, in db: any SQLDatabase) async throws -> Bool {
        guard access.compartments != nil else { return true }
        let placements = try await placements(ids, in: db)
        return ids.allSatisfy { access.canSee(placements[$0] ?? []) }
    }
}
