import WhereaboutsOperations

/// The use-cases the pages call for every change (decision 0018): pages parse forms, call these and
/// render what they answer.
extension WebController {
    var recordOperations: RecordOperations { RecordOperations(store: store, audit: audit) }
    var matchOperations: MatchOperations { MatchOperations(store: store, audit: audit) }
    var accountOperations: AccountOperations { AccountOperations(accounts: accounts, audit: audit) }
    var estimateOperations: EstimateOperations { EstimateOperations(store: store, audit: audit, cache: estimates) }
    var evidenceOperations: EvidenceOperations {
        EvidenceOperations(store: store, audit: audit, maximumSize: evidenceLimit, timestamps: timestamps)
    }

    /// A signed-in page's request, as the origin of a use-case.
    static func origin(_ context: SignedInPage<some RequiredPermission>) -> OperationOrigin {
        OperationOrigin(via: "web", address: context.address)
    }
}
