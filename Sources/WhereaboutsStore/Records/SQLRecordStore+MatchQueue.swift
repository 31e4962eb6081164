import Foundation
import SQLKit
import WhereaboutsCore

/// Why a proposed match scored what it did: one compared field's agreement level and weight. It
/// names levels ("same day", "same name in some reading"), never the values compared, so it can be
/// stored and shown beside sealed identities without revealing them.
public struct MatchReason: Codable, Sendable, Hashable {
    public let field: String
    public let level: String
    public let weight: Double

    public init(field: String, level: String, weight: Double) {
        self.field = field
        self.level = level
        self.weight = weight
    }
}

/// A pair of person records that may be the same person, with what reviewers decided.
public struct MatchProposal: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case proposed, same, different, unsure
    }

    /// What proposed it: `whereabouts link` over the store, or a family's tracing request.
    public enum Origin: String, Sendable, CaseIterable, Codable {
        case link, tracing
    }

    public let id: Int
    public let recordA: RecordID
    public let recordB: RecordID
    public let origin: Origin
    public let probability: Double
    public let weight: Double
    public let reasons: [MatchReason]
    public let status: Status
    public let proposedAt: String
    public let decidedBy: String?
    public let decidedAt: String?
}

/// A match to propose.
public struct NewMatch: Sendable, Hashable {
    public let recordA: RecordID
    public let recordB: RecordID
    public let origin: MatchProposal.Origin
    public let probability: Double
    public let weight: Double
    public let reasons: [MatchReason]

    /// The pair is stored in a fixed order, so that (a, b) and (b, a) are one proposal.
    public init(
        _ first: RecordID, _ second: RecordID, origin: MatchProposal.Origin, probability: Double, weight: Double,
        reasons: [MatchReason]
    ) {
        (recordA, recordB) = first < second ? (first, second) : (second, first)
        self.origin = origin
        self.probability = probability
        self.weight = weight
        self.reasons = reasons
    }
}

/// One decision taken on a proposal, kept even when a later one reverses it.
public struct MatchDecision: Sendable, Hashable {
    public let status: MatchProposal.Status
    public let decidedBy: String
    public let decidedAt: String
}

/// How a run of proposals changed the queue.
public struct ProposalOutcome: Sendable, Hashable {
    /// Pairs proposed for the first time.
    public let added: Int
    /// Pairs still awaiting a decision whose score was refreshed.
    public let refreshed: Int
    /// Pairs a reviewer had already decided: left as decided.
    public let alreadyDecided: Int
    /// Pairs awaiting a decision that a run replacing the queue no longer proposed, taken out of it
    /// (only those nobody ever decided anything about).
    public let withdrawn: Int

    public init(added: Int, refreshed: Int, alreadyDecided: Int, withdrawn: Int = 0) {
        self.added = added
        self.refreshed = refreshed
        self.alreadyDecided = alreadyDecided
        self.withdrawn = withdrawn
    }
}

extension SQLRecordStore {
    /// One proposal, if `access` may see both its records.
    public func matchProposal(_ id: Int, access: RecordAccess) async throws -> MatchProposal? {
        guard access.seesIdentities else { return nil }
        let row = try await database.read { db in
            try await db.raw(
                """
                SELECT m.* FROM match_proposals m
                JOIN records ra ON ra.id = m.record_a JOIN records rb ON rb.id = m.record_b
                WHERE m.id = \(bind: id) \(access.visibleClause(recordColumn: "ra.id"))
                    \(access.visibleClause(recordColumn: "rb.id"))
                """
            ).first()
        }
        return try row.map(Self.proposal)
    }

    /// Takes a decision on a proposal (`same`, `different`, `unsure`, or `proposed` to put it back
    /// in the queue). The decision is kept in the proposal's history; nothing in the records changes.
    /// `alsoInTransaction` gets the proposal as it was before and runs in the decision's transaction.
    public func decide(
        _ id: Int, status: MatchProposal.Status, by actor: String, access: RecordAccess, at now: Date,
        alsoInTransaction: (@Sendable (MatchProposal, any SQLDatabase) async throws -> Void)? = nil
    ) async throws -> MatchProposal {
        guard let before = try await matchProposal(id, access: access) else {
            throw StoreError.invalid([FieldIssue(path: "/proposal", message: "no such proposal")])
        }
        let stamp = Timestamp.format(now)
        // A changing write: person pages show whom a person was judged the same as.
        try await changingWrite { db in
            let decidedBy: String? = status == .proposed ? nil : actor
            let decidedAt: String? = status == .proposed ? nil : stamp
            try await db.raw(
                """
                UPDATE match_proposals SET status = \(bind: status.rawValue), decided_by = \(bind: decidedBy),
                    decided_at = \(bind: decidedAt)
                WHERE id = \(bind: id)
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO match_decisions (proposal_id, status, decided_by, decided_at)
                VALUES (\(bind: id), \(bind: status.rawValue), \(bind: actor), \(bind: stamp))
                """
            ).run()
            try await alsoInTransaction?(before, db)
        }
        guard let updated = try await matchProposal(id, access: access) else {
            throw StoreError.invalid([FieldIssue(path: "/proposal", message: "no such proposal")])
        }
        return updated
    }

    /// Every decision taken on a proposal, oldest first.
    public func matchDecisions(_ id: Int) async throws -> [MatchDecision] {
        let rows = try await database.read { db in
            try await db.raw(
                "SELECT status, decided_by, decided_at FROM match_decisions WHERE proposal_id = \(bind: id) ORDER BY id"
            ).all()
        }
        return try rows.map { row in
            MatchDecision(
                status: MatchProposal.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .proposed,
                decidedBy: try row.decode(column: "decided_by", as: String.self),
                decidedAt: try row.decode(column: "decided_at", as: String.self))
        }
    }

    static func proposal(_ row: any SQLRow) throws -> MatchProposal {
        let reasons =
            (try? JSONDecoder().decode(
                [MatchReason].self, from: Data(try row.decode(column: "explanation", as: String.self).utf8))) ?? []
        guard let a = RecordID(try row.decode(column: "record_a", as: String.self)),
            let b = RecordID(try row.decode(column: "record_b", as: String.self))
        else { throw StoreError.invalid([FieldIssue(path: "/proposal", message: "a stored proposal is damaged")]) }
        return MatchProposal(
            id: try row.decode(column: "id", as: Int.self), recordA: a, recordB: b,
            origin: MatchProposal.Origin(rawValue: try row.decode(column: "origin", as: String.self)) ?? .link,
            probability: try row.decode(column: "probability", as: Double.self),
            weight: try row.decode(column: "weight", as: Double.self), reasons: reasons,
            status: MatchProposal.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .proposed,
            proposedAt: try row.decode(column: "proposed_at", as: String.self),
            decidedBy: try row.decode(column: "decided_by", as: String?.self),
            decidedAt: try row.decode(column: "decided_at", as: String?.self))
    }
}
