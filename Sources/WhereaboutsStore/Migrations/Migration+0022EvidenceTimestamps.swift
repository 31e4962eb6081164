extension Migration {
    /// Each evidence item's own RFC 3161 timestamp (issue 15, decision 0029): the authority, the time
    /// it granted, the statement timestamped (sealed under the item's key: it holds the content's
    /// hashes and the salt that keeps the token's digest from confirming a known file), and the
    /// request, the reply and the authority's certificates as they came. An item without a row is
    /// untimestamped (no authority was set, or it could not be reached) and can be timestamped later.
    static let evidenceTimestamps = Migration(version: 22, name: "evidence-timestamps") { dialect in
        let bytes = dialect == .sqlite ? "BLOB" : "BYTEA"
        return [
            """
            CREATE TABLE evidence_timestamps (
                item_id TEXT PRIMARY KEY REFERENCES evidence_items (id),
                authority TEXT NOT NULL,
                granted_at TEXT NOT NULL,
                statement TEXT NOT NULL,
                query \(bytes) NOT NULL,
                reply \(bytes) NOT NULL,
                certificates \(bytes) NOT NULL,
                created_at TEXT NOT NULL)
            """
        ]
    }
}
