import WhereaboutsCore
import WhereaboutsStore

/// The application layer for moving records in and out (`whereabouts import`, `whereabouts export`):
/// an import's records and its audit entry commit together; an export is not handed over without its
/// entry (who exported what, how many records, for what purpose).
public struct TransferOperations: Sendable {
    public let store: SQLRecordStore
    public let audit: AuditLog

    public init(store: SQLRecordStore, audit: AuditLog) {
        self.store = store
        self.audit = audit
    }

    /// Imports `records` from `file` — all of them, or, when any is invalid or the entry cannot be
    /// written, none — placing those `homes` names there and the others as `writer` places them.
    /// The entry says what `details` says (format, compartments) and how many records came in.
    public func importRecords(
        _ records: SQLRecordStore.NewRecords, homes: [RecordID: Set<String>] = [:], from file: String,
        details: [String: String], by writer: Writer, actor: String, origin: OperationOrigin,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws {
        let event = Self.importEvent(
            file: file, details: details.merging(["records": String(records.count)]) { given, _ in given },
            actor: actor, origin: origin)
        try await audit.recording { entries in
            try await store.createAll(
                records, homes: homes, by: writer, progress: progress,
                alsoInTransaction: { db in try await entries.append([event], in: db) })
        }
    }

    /// Imports the records of every batch `batches` delivers from `file`, in one transaction with the
    /// entry: `details` is asked once the last batch is written (a streamed file knows its counts only
    /// then), inside the transaction, so a failure there also leaves nothing imported.
    public func importRecords(
        streaming batches: some AsyncSequence<SQLRecordStore.NewRecords, any Error> & Sendable, from file: String,
        details: @escaping @Sendable () async throws -> [String: String], by writer: Writer, actor: String,
        origin: OperationOrigin
    ) async throws {
        try await audit.recording { entries in
            try await store.createAll(
                streaming: batches, by: writer,
                alsoInTransaction: { db in
                    let event = Self.importEvent(
                        file: file, details: try await details(), actor: actor, origin: origin)
                    try await entries.append([event], in: db)
                })
        }
    }

    /// Runs an export to `target` and records it: `export` writes the records out and returns what the
    /// entry says about them (format, purpose, how many). When the entry cannot be written, `discard`
    /// removes what was written, so no export is left behind unaudited.
    public func export(
        to target: String, actor: String, origin: OperationOrigin, discard: () -> Void,
        _ export: () async throws -> [String: String]
    ) async throws {
        let details = try await export()
        do {
            try await audit.record(
                AuditEvent(
                    actor: actor, action: .export, target: target, address: origin.address,
                    details: details.merging(["via": origin.via]) { given, _ in given }))
        } catch {
            discard()
            throw error
        }
    }

    private static func importEvent(
        file: String, details: [String: String], actor: String, origin: OperationOrigin
    ) -> AuditEvent {
        AuditEvent(
            actor: actor, action: .import_, target: file, address: origin.address,
            details: details.merging(["via": origin.via]) { given, _ in given })
    }
}
