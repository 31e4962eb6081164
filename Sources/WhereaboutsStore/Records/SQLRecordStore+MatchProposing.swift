import Foundation
import SQLKit
import WhereaboutsCore

/// A pair a reviewer judged: the same person or not. The linker learns from these.
public struct JudgedPair: Sendable, Hashable {
    public let recordA: RecordID
    public let recordB: RecordID
    public let same: Bool
}

extension SQLRecordStore {
    /// Proposals per statement when they are written in bulk: eight values a row keeps a statement
    /// well under both engines' limits on bound values.
    static let proposalsPerStatement = 250

    /// Saves proposed matches in one transaction: new pairs join the queue, pairs still awaiting a
    /// decision get the new score, and pairs a reviewer decided keep the decision (they are never
    /// proposed again as new). Both records must be live persons. `alsoInTransaction` gets the
    /// outcome and runs in the same transaction.
    ///
    /// What is there already is looked up, and new and refreshed pairs written, a few hundred pairs
    /// per statement, so a run over a hundred thousand persons is a few thousand statements, not
    /// three per pair. The transaction is run again when PostgreSQL aborts it for a concurrent one.
    /// With `replacingQueue` (a run of `link` over every person), pairs awaiting a decision that
    /// `matches` no longer holds leave the queue — a refined model's verdict replaces the last one's —
    /// unless a reviewer ever decided anything about them (their history stays, and so do they).
    public func propose(
        _ matches: [NewMatch], at now: Date, replacingQueue: Bool = false,
        alsoInTransaction: (@Sendable (ProposalOutcome, any SQLDatabase) async throws -> Void)? = nil
    ) async throws -> ProposalOutcome {
        let stamp = Timestamp.format(now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var seen = Set<PairKey>()
        var unique: [(match: NewMatch, reasons: String)] = []
        unique.reserveCapacity(matches.count)
        for match in matches where seen.insert(PairKey(match.recordA, match.recordB)).inserted {
            unique.append((match, String(decoding: try encoder.encode(match.reasons), as: UTF8.self)))
        }
        let rows = unique
        let chunk = Self.proposalsPerStatement
        let outcome = try await database.write { db in
            let existing = try await Self.existingProposals(among: rows.map(\.match), in: db)
            var fresh: [(match: NewMatch, reasons: String)] = []
            var refresh: [(id: Int, match: NewMatch, reasons: String)] = []
            var decided = 0
            for row in rows {
                switch existing[PairKey(row.match.recordA, row.match.recordB)] {
                case .some((let id, .proposed)): refresh.append((id, row.match, row.reasons))
                case .some: decided += 1
                case .none: fresh.append(row)
                }
            }
            let persons = Set(fresh.flatMap { [$0.match.recordA.description, $0.match.recordB.description] })
            guard try await Self.livePersons(among: Array(persons), in: db) == persons.count else {
                throw StoreError.invalid([
                    FieldIssue(path: "/records", message: "a proposed match must join two live person records")
                ])
            }
            // Before the new pairs go in: what is withdrawn is what the queue held and this run left out.
            let withdrawn = replacingQueue ? try await Self.withdrawOpen(keeping: Set(refresh.map(\.id)), in: db) : 0
            for part in fresh.chunked(chunk) {
                let values: [SQLQueryString] = part.map { row in
                    """
                    (\(bind: row.match.recordA.description), \(bind: row.match.recordB.description), \(bind: row.match.origin.rawValue),
                        \(bind: row.match.probability), \(bind: row.match.weight), \(bind: row.reasons),
                        \(bind: MatchProposal.Status.proposed.rawValue), \(bind: stamp))
                    """
                }
                try await db.raw(
                    """
                    INSERT INTO match_proposals (record_a, record_b, origin, probability, weight, explanation, status, proposed_at)
                    VALUES \(values.joined(separator: ", "))
                    """
                ).run()
            }
            for part in refresh.chunked(chunk) {
                // VALUES names its columns column1, column2… in both engines.
                let values: [SQLQueryString] = part.map { row in
                    """
                    (\(bind: row.id), \(bind: row.match.origin.rawValue), \(bind: row.match.probability), \(bind: row.match.weight),
                        \(bind: row.reasons), \(bind: stamp))
                    """
                }
                try await db.raw(
                    """
                    UPDATE match_proposals SET origin = v.column2, probability = v.column3, weight = v.column4,
                        explanation = v.column5, proposed_at = v.column6
                    FROM (VALUES \(values.joined(separator: ", "))) AS v
                    WHERE match_proposals.id = v.column1
                    """
                ).run()
            }
            let outcome = ProposalOutcome(
                added: fresh.count, refreshed: refresh.count, alreadyDecided: decided, withdrawn: withdrawn)

            try await alsoInTransaction?(outcome, db)
            return outcome
        }
        // PostgreSQL plans the queue's pages from its statistics: until autovacuum gets to them, a
        // queue that just grew by a hundred thousand pairs looks empty, and the planner sorts it all
        // for every page (0.6 s a page instead of 3 ms). A large run refreshes them at once.
        if database.dialect == .postgres, outcome.added + outcome.refreshed + outcome.withdrawn > 1_000 {
            try await database.write { db in try await db.raw("ANALYZE match_proposals").run() }
        }
        return outcome
    }

    /// Every pair reviewers judged the same person or not (the decision that stands on each), of
    /// records `access` may both see: what the next `link` learns from.
    public func judgedPairs(access: RecordAccess) async throws -> [JudgedPair] {
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT m.record_a, m.record_b, m.status FROM match_proposals m
                JOIN records ra ON ra.id = m.record_a JOIN records rb ON rb.id = m.record_b
                WHERE m.status IN ('same', 'different') AND ra.deleted = 0 AND rb.deleted = 0
                    \(access.visibleClause(recordColumn: "ra.id")) \(access.visibleClause(recordColumn: "rb.id"))
                ORDER BY m.id
                """
            ).all()
        }
        return try rows.compactMap { row in
            guard let a = RecordID(try row.decode(column: "record_a", as: String.self)),
                let b = RecordID(try row.decode(column: "record_b", as: String.self))
            else { return nil }
            return JudgedPair(
                recordA: a, recordB: b, same: try row.decode(column: "status", as: String.self) == "same")
        }
    }

    /// The stored proposals among `matches`' pairs, by pair: id and status.
    private static func existingProposals(
        among matches: [NewMatch], in db: any SQLDatabase
    ) async throws -> [PairKey: (Int, MatchProposal.Status)] {
        let wanted = Set(matches.map { PairKey($0.recordA, $0.recordB) })
        let firsts = Array(Set(matches.map(\.recordA.description))).sorted()
        var found: [PairKey: (Int, MatchProposal.Status)] = [:]
        // The unique (record_a, record_b) index finds them by their first record.
        for part in firsts.chunked(500) {
            let rows = try await db.raw(
                "SELECT id, record_a, record_b, status FROM match_proposals WHERE record_a IN (\(binds: Array(part)))"
            ).all()
            for row in rows {
                guard let a = RecordID(try row.decode(column: "record_a", as: String.self)),
                    let b = RecordID(try row.decode(column: "record_b", as: String.self))
                else { continue }
                let key = PairKey(a, b)
                guard wanted.contains(key) else { continue }
                let status = MatchProposal.Status(rawValue: try row.decode(column: "status", as: String.self))
                found[key] = (try row.decode(column: "id", as: Int.self), status ?? .proposed)
            }
        }
        return found
    }

    /// Takes out of the queue every pair awaiting a decision, never decided, and not in `kept`;
    /// returns how many.
    private static func withdrawOpen(keeping kept: Set<Int>, in db: any SQLDatabase) async throws -> Int {
        let open = try await db.raw(
            """
            SELECT m.id FROM match_proposals m WHERE m.status = 'proposed'
                AND NOT EXISTS (SELECT 1 FROM match_decisions d WHERE d.proposal_id = m.id)
            """
        ).all(decodingColumn: "id", as: Int.self)
        let gone = open.filter { !kept.contains($0) }
        for part in gone.chunked(500) {
            try await db.raw("DELETE FROM match_proposals WHERE id IN (\(binds: Array(part)))").run()
        }
        return gone.count
    }

    /// How many of `ids` are live person records.
    private static func livePersons(among ids: [String], in db: any SQLDatabase) async throws -> Int {
        var live = 0
        for part in ids.chunked(500) {
            let row = try await db.raw(
                """
                SELECT COUNT(*) AS n FROM records WHERE kind = 'person' AND deleted = 0 AND id IN (\(binds: Array(part)))
                """
            ).first()
            live += try row?.decode(column: "n", as: Int.self) ?? 0
        }
        return live
    }
}

/// A stored pair of records, in the order proposals keep them.
private struct PairKey: Hashable {
    let a: RecordID
    let b: RecordID
    init(_ a: RecordID, _ b: RecordID) { (self.a, self.b) = (a, b) }
}
