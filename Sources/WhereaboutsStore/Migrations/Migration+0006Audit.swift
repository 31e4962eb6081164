extension Migration {
    /// The append-only audit log and the head of its hash chain (one row, so appends are serialised
    /// on PostgreSQL as they are on SQLite).
    static let audit = Migration(version: 6, name: "audit") { dialect in
        let int = dialect.integer
        return [
            """
            CREATE TABLE audit_log (
                seq \(int) PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                address TEXT NOT NULL,
                outcome TEXT NOT NULL,
                details TEXT NOT NULL,
                hash TEXT NOT NULL)
            """,
            "CREATE INDEX audit_log_actor ON audit_log (actor, seq)",
            "CREATE INDEX audit_log_action ON audit_log (action, seq)",
            "CREATE TABLE audit_head (id \(int) PRIMARY KEY, seq \(int) NOT NULL, hash TEXT NOT NULL)",
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))')",
        ]
    }
}
