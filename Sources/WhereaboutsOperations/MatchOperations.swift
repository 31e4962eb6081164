import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// The application layer for record linkage: proposing matches for review (`whereabouts link`) and
/// deciding them (the review pages), each with its audit entry in the same transaction. Entries name
/// records by id and never the people in them.
public struct MatchOperations: Sendable {
    public let store: SQLRecordStore
    public let audit: AuditLog
    let clock: @Sendable () -> Date

    public init(store: SQLRecordStore, audit: AuditLog, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// Decides whether the two records of proposal `id` are one person (`proposed` puts it back in the
    /// queue), and records who decided what, atomically. A proposal the reviewer may not see both
    /// records of is refused as no such proposal (`StoreError.invalid` at `/proposal`).
    public func decide(
        _ id: Int, status: MatchProposal.Status, by reviewer: Reviewer, from origin: OperationOrigin
    ) async throws -> MatchProposal {
        try await audit.recording { entries in
            try await store.decide(id, status: status, by: reviewer.actor, access: reviewer.access, at: clock()) {
                proposal, db in
                let event = AuditEvent(
                    actor: reviewer.actor, action: .matchDecided, target: "match/\(id)", address: origin.address,
                    details: [
                        "decision": status.rawValue, "records": "\(proposal.recordA) \(proposal.recordB)",
                        "probability": String(format: "%.3f", proposal.probability), "via": origin.via,
                    ])
                try await entries.append([event], in: db)
            }
        }
    }

    /// Saves matches proposed over `persons` person records for review, and records the run, atomically.
    /// Pairs already decided keep their decision. With `replacingQueue`, undecided pairs the run no
    /// longer proposes leave the queue (see ``SQLRecordStore/propose(_:at:replacingQueue:alsoInTransaction:)``).
    public func propose(
        _ matches: [NewMatch], amongPersons persons: Int, by actor: String, from origin: OperationOrigin,
        replacingQueue: Bool = false
    ) async throws -> ProposalOutcome {
        let traced = matches.filter { $0.origin == .tracing }.count
        return try await audit.recording { entries in
            try await store.propose(matches, at: clock(), replacingQueue: replacingQueue) { outcome, db in
                let event = AuditEvent(
                    actor: actor, action: .matchesProposed, target: "persons", address: origin.address,
                    details: [
                        "persons": String(persons), "proposed": String(matches.count), "tracing": String(traced),
                        "added": String(outcome.added), "refreshed": String(outcome.refreshed),
                        "already-decided": String(outcome.alreadyDecided), "withdrawn": String(outcome.withdrawn),
                    ])
                try await entries.append([event], in: db)
            }
        }
    }
}
