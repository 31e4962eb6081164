import SQLKit
import WhereaboutsStore

/// A use-case's audit entry, appended inside the store transaction of the action it records
/// (decision 0018): the action, its entry and a signed checkpoint that falls due with it commit
/// together or not at all.
final class AuditInTransaction: Sendable {
    private let audit: AuditLog

    init(_ audit: AuditLog) { self.audit = audit }

    /// Appends `events` on `db`, the transaction of the action. A write the database runs again
    /// appends again; only the attempt that committed counts.
    func append(_ events: [AuditEvent], in db: any SQLDatabase) async throws {
        _ = try await audit.record(events, in: db)
    }
}

extension AuditLog {
    /// Runs `action`, which hands ``AuditInTransaction/append(_:in:)`` to a store write as the work it
    /// does in its transaction.
    func recording<T>(_ action: (AuditInTransaction) async throws -> T) async throws -> T {
        try await action(AuditInTransaction(self))
    }
}
