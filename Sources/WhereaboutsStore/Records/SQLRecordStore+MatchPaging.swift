import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// Proposals with `statuses` (and `origin`, when given) whose two records `access` may both see,
    /// `limit` at a time: the most uncertain first (probability nearest one half) for the queue, the
    /// latest decision first for decided pairs. `after` is the last proposal of the page before
    /// (keyset paging: a page deep in a queue of a hundred thousand pairs costs what the first one
    /// does, as an index of migration 19 keeps each order). A page after a proposal the reader may
    /// not see, or one that no longer exists, is empty: where a hidden pair stands is never told.
    public func matchProposals(
        statuses: Set<MatchProposal.Status> = [.proposed, .unsure], origin: MatchProposal.Origin? = nil,
        access: RecordAccess, limit: Int = 50, after: Int? = nil
    ) async throws -> [MatchProposal] {
        guard access.seesIdentities, !statuses.isEmpty else { return [] }
        let order = ProposalOrder(statuses)
        // Statuses and origins are the enums' own names, never input: written into the statement as
        // they are written in the indexes' conditions, so the engines can use those indexes.
        let names = statuses.map { "'\($0.rawValue)'" }.sorted()
        let statusClause =
            names.count == 1 ? "m.status = \(names[0])" : "m.status IN (\(names.joined(separator: ", ")))"
        let originClause: SQLQueryString = origin.map { " AND m.origin = '\(unsafeRaw: $0.rawValue)'" } ?? ""
        let limit = min(max(limit, 1), 500)
        let rows = try await database.read { db -> [any SQLRow] in
            var cursor: SQLQueryString = ""
            if let after {
                let visible = try await db.raw(
                    """
                    SELECT \(unsafeRaw: order.key) AS k, m.id FROM match_proposals m
                    JOIN records ra ON ra.id = m.record_a JOIN records rb ON rb.id = m.record_b
                    WHERE m.id = \(bind: after) \(access.visibleClause(recordColumn: "ra.id"))
                        \(access.visibleClause(recordColumn: "rb.id"))
                    """
                ).first()
                guard let visible, let key = try order.cursor(visible) else { return [] }
                // The first comparison alone lets SQLite start from the cursor in the index; the
                // second is the exact one.
                cursor = """
                     AND \(unsafeRaw: order.key) \(unsafeRaw: order.after)= \(key)
                        AND (\(unsafeRaw: order.key), m.id) \(unsafeRaw: order.after) (\(key), \(bind: after))
                    """
            }
            return try await db.raw(
                """
                SELECT m.* FROM match_proposals m
                JOIN records ra ON ra.id = m.record_a JOIN records rb ON rb.id = m.record_b
                WHERE \(unsafeRaw: statusClause)\(originClause) AND ra.deleted = 0 AND rb.deleted = 0\(cursor)
                    \(access.visibleClause(recordColumn: "ra.id")) \(access.visibleClause(recordColumn: "rb.id"))
                ORDER BY \(unsafeRaw: order.sort) LIMIT \(bind: limit)
                """
            ).all()
        }
        return try rows.map(Self.proposal)
    }
}

/// The order of a list of proposals and what a keyset cursor compares.
private enum ProposalOrder {
    /// Awaiting a decision: the most uncertain first.
    case queue
    /// Decided: the latest decision first.
    case decided

    init(_ statuses: Set<MatchProposal.Status>) {
        // Undecided pairs have no decision time, so any list with them is ordered as the queue.
        self = statuses.contains(.proposed) || statuses.isSubset(of: [.unsure]) ? .queue : .decided
    }

    /// The sort key before the id, as migration 19's indexes write it.
    var key: String { self == .queue ? "ABS(m.probability - 0.5)" : "m.decided_at" }
    var sort: String { self == .queue ? "ABS(m.probability - 0.5), m.id" : "m.decided_at DESC, m.id DESC" }
    /// How the rows after the cursor compare with it.
    var after: String { self == .queue ? ">" : "<" }

    /// The cursor's key, bound as read (so a float compares equal to itself); nil when it has none.
    func cursor(_ row: any SQLRow) throws -> SQLQueryString? {
        switch self {
        case .queue:
            return "\(bind: try row.decode(column: "k", as: Double.self))"
        case .decided:
            guard let key = try row.decode(column: "k", as: String?.self) else { return nil }
            return "\(bind: key)"
        }
    }
}
