extension Migration {
    /// Proposed matches between person records (from `whereabouts link` or a tracing request) and
    /// the decisions reviewers took on them. A match never merges or rewrites the records: a "same
    /// person" decision is a link beside them, so every name form and source stays where it was and
    /// a decision can be reversed by taking another. Every decision is kept in `match_decisions`.
    static let matches = Migration(version: 8, name: "matches") { dialect in
        let int = dialect.integer
        let real = dialect == .sqlite ? "REAL" : "DOUBLE PRECISION"
        return [
            """
            CREATE TABLE match_proposals (
                id \(dialect.serialKey),
                record_a TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                record_b TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                origin TEXT NOT NULL,
                probability \(real) NOT NULL,
                weight \(real) NOT NULL,
                explanation TEXT NOT NULL,
                status TEXT NOT NULL,
                proposed_at TEXT NOT NULL,
                decided_by TEXT,
                decided_at TEXT,
                UNIQUE (record_a, record_b))
            """,
            "CREATE INDEX match_proposals_status ON match_proposals (status, probability)",
            "CREATE INDEX match_proposals_b ON match_proposals (record_b)",
            """
            CREATE TABLE match_decisions (
                id \(dialect.serialKey),
                proposal_id \(int) NOT NULL REFERENCES match_proposals (id) ON DELETE CASCADE,
                status TEXT NOT NULL,
                decided_by TEXT NOT NULL,
                decided_at TEXT NOT NULL)
            """,
            "CREATE INDEX match_decisions_proposal ON match_decisions (proposal_id, id)",
        ]
    }
}
