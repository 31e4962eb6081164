extension Migration {
    /// Indexes that keep every order of the review queue (issue 21): pairs awaiting a decision by
    /// uncertainty, with or without their origin, and each decided list by the time of the decision,
    /// each ending with the id so that a page starts where the last one ended (keyset paging) rather
    /// than counting its way past every pair before it. They are partial, on the status each list
    /// shows, written exactly as the queries write it (SQLite uses a partial index only for a query
    /// with the same condition). The index on (status, probability) goes: SQLite's planner preferred
    /// it to these and sorted a hundred thousand pairs for every page.
    static let queueIndexes = Migration(version: 19, name: "queue-indexes") { _ in
        [
            "DROP INDEX match_proposals_status",
            """
            CREATE INDEX match_proposals_open ON match_proposals (ABS(probability - 0.5), id)
            WHERE status IN ('proposed', 'unsure')
            """,
            """
            CREATE INDEX match_proposals_open_origin ON match_proposals (origin, ABS(probability - 0.5), id)
            WHERE status IN ('proposed', 'unsure')
            """,
            "CREATE INDEX match_proposals_same ON match_proposals (decided_at, id) WHERE status = 'same'",
            "CREATE INDEX match_proposals_different ON match_proposals (decided_at, id) WHERE status = 'different'",
        ]
    }
}
