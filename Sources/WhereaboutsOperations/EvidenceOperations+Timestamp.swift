import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsStore

extension EvidenceOperations {
    /// Why an item could not be timestamped.
    public struct TimestampRefusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// What timestamping one item came to: its timestamp, or why there is none.
    public struct TimestampOutcome: Sendable {
        public let item: String
        public let result: Result<ItemTimestamp, any Error>

        public init(item: String, result: Result<ItemTimestamp, any Error>) {
            self.item = item
            self.result = result
        }
    }

    /// Asks the authority for a token over a salted statement of `id`'s content (decision 0029) and
    /// keeps it with a `timestamp` custody entry and its audit entry, together. An item `access` may
    /// not see is not found; one already timestamped, or no authority, is refused.
    public func timestamp(_ id: String, access: RecordAccess, actor: String, from origin: Origin) async throws
        -> ItemTimestamp
    {
        try await timestamp(try await store.evidenceItem(id, access: access), actor: actor, from: origin)
    }

    /// Timestamps every item that has no timestamp yet (the operator's catch-up after the authority
    /// was unreachable or before one was set), one at a time; a failure does not stop the others.
    public func timestampPending(actor: String, from origin: Origin) async throws -> [TimestampOutcome] {
        var outcomes: [TimestampOutcome] = []
        for id in try await store.untimestampedEvidenceIDs() {
            do {
                let stamp = try await timestamp(id, access: .operatorAccess, actor: actor, from: origin)
                outcomes.append(TimestampOutcome(item: id, result: .success(stamp)))
            } catch {
                outcomes.append(TimestampOutcome(item: id, result: .failure(error)))
            }
        }
        return outcomes
    }

    /// An item's trusted timestamp, nil while it has none; an item `access` may not see is not found.
    public func timestampOf(_ id: String, access: RecordAccess) async throws -> ItemTimestamp? {
        try await store.evidenceTimestamp(of: try await store.evidenceItem(id, access: access))
    }

    func timestamp(_ item: EvidenceItem, actor: String, from origin: Origin) async throws -> ItemTimestamp {
        guard let timestamps else { throw TimestampRefusal(description: "no timestamp authority is set (--tsa-url)") }
        if try await store.evidenceTimestamp(of: item) != nil {
            throw TimestampRefusal(description: "\(item.id) is already timestamped")
        }
        let statement = TimestampStatement(
            item: item.id, sha256: item.sha256, sha512: item.description.intake.sha512, size: item.size)
        let (token, time) = try await timestamps.stamp(statement.digest)
        let stamp = ItemTimestamp(
            item: item.id, authority: timestamps.authority, time: time, statement: statement, token: token)
        let audit = self.audit
        let record = item.recordID
        _ = try await store.recordEvidenceTimestamp(stamp, of: item, actor: actor) { entry in
            { db in
                _ = try await audit.record(
                    [Self.auditEvent(entry, record: record, actor: actor, origin: origin)], in: db)
            }
        }
        return stamp
    }
}
