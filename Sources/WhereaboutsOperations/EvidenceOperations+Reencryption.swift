import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsStore

extension EvidenceOperations {
    /// What moving evidence onto the newest keys came to.
    public struct ReencryptionOutcome: Sendable {
        /// Items now sealed under their compartment's newest key.
        public var moved: [String] = []
        /// Items left as they were, and why (their stored content does not verify, say).
        public var failed: [(item: String, reason: String)] = []
    }

    /// Seals every item whose content is not under its compartment's newest key again under that
    /// key (after `keys reencrypt` made new keys, or after its record moved), one item at a time:
    /// each swap is checked before the old frames go and is recorded in the item's custody with its
    /// audit entry, together (decision 0029). An item that fails is left as it was; the others go on.
    public func reencrypt(actor: String, from origin: Origin) async throws -> ReencryptionOutcome {
        var outcome = ReencryptionOutcome()
        let audit = self.audit
        for id in try await store.evidenceToReencrypt() {
            do {
                let entry = try await store.reencryptEvidence(id, actor: actor) { entry, record in
                    { db in
                        _ = try await audit.record(
                            [Self.auditEvent(entry, record: record, actor: actor, origin: origin)], in: db)
                    }
                }
                if entry != nil { outcome.moved.append(id) }
            } catch {
                outcome.failed.append((id, "\(error)"))
            }
        }
        return outcome
    }
}
