extension Migration {
    /// Signed checkpoints of the audit chain, chained to each other, in the database every server of
    /// an installation shares (decision 0019). Until now they were lines in a file in one server's
    /// data folder; that file is no longer read.
    static let auditCheckpoints = Migration(version: 15, name: "audit-checkpoints") { dialect in
        let int = dialect.integer
        return [
            """
            CREATE TABLE audit_checkpoints (
                number \(int) PRIMARY KEY,
                previous TEXT NOT NULL,
                head_seq \(int) NOT NULL,
                head_hash TEXT NOT NULL,
                at TEXT NOT NULL,
                node TEXT NOT NULL,
                installation TEXT NOT NULL,
                signature TEXT NOT NULL,
                hash TEXT NOT NULL)
            """
        ]
    }
}
