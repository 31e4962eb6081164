import WhereaboutsCore
import WhereaboutsStore

/// Creating, updating and deleting records. Their record of who did what is the version each write
/// adds — actor, time, action and changed fields, in the write's own transaction — not an entry in
/// the audit chain (decision 0018: the product audits restores, not every edit, and a chain entry per
/// write would serialise every write on the chain's head).
extension RecordOperations {
    /// Creates a record placed in the writer's compartments (or following the record it hangs from).
    public func create(_ body: any RecordBody, by writer: Writer) async throws -> StoredRecord {
        try await store.create(body, by: writer)
    }

    /// Creates records that refer to each other (an event with its victim and act): all, or none.
    public func create(_ records: SQLRecordStore.NewRecords, by writer: Writer) async throws {
        try await store.createAll(records, by: writer)
    }

    /// Replaces a record's body if it is still at `expectedVersion`. A record of another kind than the
    /// body's, or one the writer may not see, is not found.
    public func update(
        _ id: RecordID, with body: any RecordBody, expectedVersion: Int, by writer: Writer
    ) async throws -> StoredRecord {
        try await Self.kindMismatchIsNotFound {
            try await store.update(id, with: body, expectedVersion: expectedVersion, by: writer)
        }
    }

    /// Deletes a record of `kind` (kept in history; ``restore(_:kind:version:expectedVersion:by:from:)``
    /// brings it back) if it is still at `expectedVersion` and nothing live refers to it. A record of
    /// another kind, or one the writer may not see, is not found.
    public func delete(
        _ id: RecordID, kind: RecordKind, expectedVersion: Int, by writer: Writer
    ) async throws -> StoredRecord {
        try await Self.kindMismatchIsNotFound {
            try await store.delete(id, kind: kind, expectedVersion: expectedVersion, by: writer)
        }
    }

    /// A record asked for under another kind's name is not found, whichever way the caller asked.
    private static func kindMismatchIsNotFound<T>(_ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch StoreError.wrongKind(let id, _, _) {
            throw StoreError.notFound(id)
        }
    }
}
