import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// The application layer for reparations (issue 19, decision 0032): applying a rule set's current
/// version to a claim, recording the decision that follows, and the report. Claims, rule sets,
/// decisions and measures are records, written (and kept in history) as every record is; what is
/// not found for the caller (a claim or rule set of another desk) answers as a missing record.
public struct ReparationOperations: Sendable {
    public let store: SQLRecordStore
    public let audit: AuditLog

    public init(store: SQLRecordStore, audit: AuditLog) {
        self.store = store
        self.audit = audit
    }

    /// A rule set's current version applied to a claim, on `day`.
    public struct Evaluation: Sendable, Encodable {
        public let claimID: RecordID
        public let rulesID: RecordID
        public let rulesVersion: Int
        public let on: Day
        public let evaluation: EligibilityEvaluation
    }

    /// Applies the current version of `rulesID` to claim `claimID` as the records stand, for a caller
    /// with `access`; nothing is written.
    public func evaluate(
        claim claimID: RecordID, rules rulesID: RecordID, on day: Day, access: RecordAccess
    ) async throws -> Evaluation {
        let claimRecord = try await store.get(claimID, kind: .claim, access: access)
        let rulesRecord = try await store.get(rulesID, kind: .eligibilityRules, access: access)
        guard let claim = claimRecord.body(as: ReparationClaim.self), !claimRecord.metadata.deleted,
            let rules = rulesRecord.body(as: EligibilityRules.self), !rulesRecord.metadata.deleted
        else { throw StoreError.notFound(claimID) }
        let facts = try await store.eligibilityFacts(for: claim, on: day, access: access)
        return Evaluation(
            claimID: claimID, rulesID: rulesID, rulesVersion: rulesRecord.version, on: day,
            evaluation: rules.evaluate(facts))
    }

    /// Applies the rules (as ``evaluate(claim:rules:on:access:)``) and records the decision they give,
    /// with the version applied, the outcome, the benefits and every reason.
    public func decide(
        claim claimID: RecordID, rules rulesID: RecordID, on day: Day, note: String? = nil, by writer: Writer
    ) async throws -> StoredRecord {
        let evaluation = try await evaluate(claim: claimID, rules: rulesID, on: day, access: writer.access)
        return try await store.create(
            ReparationDecision(
                claimID: claimID, rulesID: rulesID, rulesVersion: evaluation.rulesVersion,
                evaluation: evaluation.evaluation, decidedOn: day, note: note),
            by: writer)
    }

    /// The report of what `access` may see, audited as a read of statistics by `actor` (the entry
    /// names the breakdown, never a count).
    public func report(
        by breakdown: ReparationsReport.Breakdown, threshold: Int = 5, actor: String, access: RecordAccess,
        from origin: OperationOrigin
    ) async throws -> ReparationsReport {
        let claims = try await store.reparationReportClaims(access: access)
        let report = ReparationsReport(claims, by: breakdown, threshold: threshold)
        try await audit.record(
            AuditEvent(
                actor: actor, action: .statisticsRead, target: "reparations", address: origin.address,
                details: ["by": breakdown.rawValue, "threshold": String(threshold), "via": origin.via]))
        return report
    }
}
