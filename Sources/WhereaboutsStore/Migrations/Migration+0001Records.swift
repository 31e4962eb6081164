extension Migration {
    /// Records of every kind, their versions, the references between them and their search facets.
    ///
    /// Identifying fields live in `identity`, apart from `body`, so that they can be sealed and
    /// withheld without touching the rest. A version's snapshot is NULL while it is the current
    /// version (the record row holds it); it is filled in when the next version replaces it.
    static let records = Migration(version: 1, name: "records") { dialect in
        let int = dialect.integer
        return [
            """
            CREATE TABLE records (
                seq \(dialect.serialKey),
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                version \(int) NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                identity TEXT,
                date_from TEXT,
                date_to TEXT,
                deleted \(int) NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL)
            """,
            "CREATE INDEX records_kind_seq ON records (kind, seq)",
            "CREATE INDEX records_dates ON records (date_from, date_to)",
            """
            CREATE TABLE record_versions (
                record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                version \(int) NOT NULL,
                action TEXT NOT NULL,
                body TEXT,
                identity TEXT,
                changed_fields TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                PRIMARY KEY (record_id, version))
            """,
            """
            CREATE TABLE record_refs (
                from_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                path TEXT NOT NULL,
                to_id TEXT NOT NULL REFERENCES records (id),
                rolls_up \(int) NOT NULL,
                PRIMARY KEY (from_id, path))
            """,
            "CREATE INDEX record_refs_to ON record_refs (to_id)",
            """
            CREATE TABLE record_facets (
                record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (record_id, name, value))
            """,
            "CREATE INDEX record_facets_value ON record_facets (name, value)",
        ]
    }
}
