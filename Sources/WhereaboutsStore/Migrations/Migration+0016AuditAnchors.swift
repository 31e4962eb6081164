extension Migration {
    /// Timestamp tokens of checkpoints (`audit anchor`): kept with the data for reference. Verify
    /// trusts the anchor files an auditor was given, not these rows (decision 0019).
    static let auditAnchors = Migration(version: 16, name: "audit-anchors") { dialect in
        [
            """
            CREATE TABLE audit_anchors (
                checkpoint \(dialect.integer) NOT NULL,
                hash TEXT NOT NULL,
                time TEXT NOT NULL,
                tsa TEXT NOT NULL,
                token TEXT NOT NULL)
            """
        ]
    }
}
