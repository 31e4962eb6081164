import Foundation
import WhereaboutsOperations
import WhereaboutsStore

/// The use-cases a command runs, on the store it opens, with the installation's audit log.
struct CommandOperations {
    let records: SQLRecordStore
    let audit: AuditLog

    var accounts: AccountOperations {
        AccountOperations(accounts: AccountStore(store: records, clock: { Date() }), audit: audit)
    }
    var matches: MatchOperations { MatchOperations(store: records, audit: audit) }
    var transfers: TransferOperations { TransferOperations(store: records, audit: audit) }
    var evidence: EvidenceOperations { EvidenceOperations(store: records, audit: audit) }
    var unDocuments: UNDocumentOperations { UNDocumentOperations(store: records, audit: audit) }
    var estimates: EstimateOperations { EstimateOperations(store: records, audit: audit) }
    var cyber: CyberOperations { CyberOperations(store: records, audit: audit, evidence: evidence) }
    var reparations: ReparationOperations { ReparationOperations(store: records, audit: audit) }

    /// The operator at the machine, as the administrator of account commands.
    var administrator: Administrator { .atTheMachine(actor: StoreOptions.operatorName) }
}

extension StoreOptions {
    /// Opens the store, runs `body` with the use-cases over it, signs a checkpoint of the audit chain
    /// (every command that audits ends with one, decision 0007) and closes the store.
    func withOperations<T>(_ label: String, _ body: (CommandOperations) async throws -> T) async throws -> T {
        try await withStore(label) { records in
            let operations = CommandOperations(records: records, audit: try await auditLog(records))
            let result = try await body(operations)
            try await operations.audit.checkpoint()
            return result
        }
    }
}
