import WhereaboutsEvidence
import WhereaboutsStore

extension EvidenceOperations {
    /// Shows an item's page to `actor`: records the view in the item's custody (with its audit entry,
    /// together) and returns the item with its whole chain, this view included. Showing the page
    /// hands out no content, so a withheld item's page is shown too (without its file).
    public func view(
        _ id: String, access: RecordAccess, actor: String, from origin: Origin
    ) async throws -> EvidenceItemWithCustody {
        let item = try await store.evidenceItem(id, access: access)
        try await recordAccess(to: item, event: .view, actor: actor, note: "item page via \(origin.via)", from: origin)
        return EvidenceItemWithCustody(item: item, custody: try await store.custody(of: id, access: access))
    }

    /// Appends an access to an item's custody (content unchanged: from and to are its SHA-256) with
    /// the entry's audit entry, in one transaction.
    func recordAccess(
        to item: EvidenceItem, event: CustodyEntry.Event, actor: String, note: String, from origin: Origin
    ) async throws {
        let audit = self.audit
        _ = try await store.appendCustody(
            to: item, event: event, actor: actor, fromHash: item.sha256, toHash: item.sha256, note: note
        ) { entry in
            { db in
                _ = try await audit.record(
                    [Self.auditEvent(entry, record: item.recordID, actor: actor, origin: origin)], in: db)
            }
        }
    }
}
