import WhereaboutsCore
import WhereaboutsStore

/// The application layer for records: each use-case does its authorization (through the ``Writer`` or
/// ``RecordAccess`` it is given, which only an entitled caller can have), its action and its audit
/// entry in one place, atomically — the API, the pages and the CLI call these instead of calling the
/// store and the audit log one after the other (issue 22; decision 0018). Writes are in
/// `RecordOperations+Write.swift`.
public struct RecordOperations: Sendable {
    public let store: SQLRecordStore
    public let audit: AuditLog

    public init(store: SQLRecordStore, audit: AuditLog) {
        self.store = store
        self.audit = audit
    }

    /// Where a use-case was asked for.
    public typealias Origin = OperationOrigin

    /// Makes `version` of a record of `kind` current again, and records who did it, in one transaction:
    /// either both happen or neither. A record of another kind, or one the writer may not see, is not found.
    public func restore(
        _ id: RecordID, kind: RecordKind, version: Int, expectedVersion: Int, by writer: Writer, from origin: Origin
    ) async throws -> StoredRecord {
        guard try await store.kind(of: id, access: writer.access) == kind else { throw StoreError.notFound(id) }
        let event = AuditEvent(
            actor: writer.actor, action: .recordRestored, target: id.description, address: origin.address,
            details: ["version": String(version), "via": origin.via])
        return try await audit.recording { entries in
            try await store.restore(id, version: version, expectedVersion: expectedVersion, by: writer) { db in
                try await entries.append([event], in: db)
            }
        }
    }
}
