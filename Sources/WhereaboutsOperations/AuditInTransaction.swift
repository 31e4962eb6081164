import SQLKit
import Synchronization
import WhereaboutsStore

/// A use-case's audit entry, appended inside the store transaction of the action it records and
/// checkpointed once that transaction has committed (decision 0018): the action and its entry
/// commit together or not at all.
final class AuditInTransaction: Sendable {
    private let audit: AuditLog
    private let appended = Mutex<[AuditEntry]>([])

    init(_ audit: AuditLog) { self.audit = audit }

    /// Appends `events` on `db`, the transaction of the action. One append per transaction: a write
    /// the database retries appends again, and only the attempt that committed counts.
    func append(_ events: [AuditEvent], in db: any SQLDatabase) async throws {
        let entries = try await audit.record(events, in: db)
        appended.withLock { $0 = entries }
    }
}

extension AuditLog {
    /// Runs `action`, which hands ``AuditInTransaction/append(_:in:)`` to a store write as the work it
    /// does in its transaction, then signs a checkpoint if the committed entries crossed one.
    func recording<T>(_ action: (AuditInTransaction) async throws -> T) async throws -> T {
        let entries = AuditInTransaction(self)
        let result = try await action(entries)
        try checkpointIfDue(entries.committed)
        return result
    }
}

extension AuditInTransaction {
    /// The entries of the attempt that committed.
    fileprivate var committed: [AuditEntry] { appended.withLock { $0 } }
}
