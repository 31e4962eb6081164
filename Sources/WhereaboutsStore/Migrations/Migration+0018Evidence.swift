extension Migration {
    /// Evidence items (issue 15, decision 0022): files attached to records, kept as sealed frames in
    /// the database (so every server on one PostgreSQL sees them and every backup holds them), with
    /// each item's chain of custody. An item's description (stated name and type, capture metadata,
    /// hashes, size, sniffed type) is sealed; `address` is a keyed hash of the content, which does not
    /// let someone holding the database confirm that a known file is here.
    static let evidence = Migration(version: 18, name: "evidence") { dialect in
        [
            """
            CREATE TABLE evidence_items (
                id TEXT PRIMARY KEY,
                record_id TEXT NOT NULL,
                parent_id TEXT REFERENCES evidence_items (id),
                address TEXT NOT NULL,
                key_id TEXT NOT NULL,
                description TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL)
            """,
            "CREATE INDEX evidence_items_record ON evidence_items (record_id, created_at)",
            "CREATE INDEX evidence_items_parent ON evidence_items (parent_id)",
            "CREATE INDEX evidence_items_address ON evidence_items (address)",
            // Frames are written (committed in batches) before their item row, which is written last
            // with the first custody entry; frames with no item are an interrupted intake's, removed
            // by the next intake's clean-up.
            """
            CREATE TABLE evidence_frames (
                item_id TEXT NOT NULL,
                idx \(dialect.integer) NOT NULL,
                data \(dialect == .sqlite ? "BLOB" : "BYTEA") NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (item_id, idx))
            """,
            """
            CREATE TABLE evidence_custody (
                item_id TEXT NOT NULL REFERENCES evidence_items (id),
                idx \(dialect.integer) NOT NULL,
                event TEXT NOT NULL,
                actor TEXT NOT NULL,
                at TEXT NOT NULL,
                from_hash TEXT NOT NULL,
                to_hash TEXT NOT NULL,
                note TEXT NOT NULL,
                previous TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (item_id, idx))
            """,
        ]
    }
}
