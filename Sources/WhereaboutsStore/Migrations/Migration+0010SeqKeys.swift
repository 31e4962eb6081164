extension Migration {
    /// Facets and versions are keyed by their record's seq (an integer) instead of its 36-character
    /// id: the two largest derived tables (three facet rows and one version per record) shrink by
    /// about a third, their keys compare as numbers, and their foreign key is checked against the
    /// records table itself instead of its index of ids (issue 2's import rate, decision 0013).
    /// On SQLite, versions become a table without rowid (the key is the table: one B-tree fewer).
    static let seqKeys = Migration(version: 10, name: "seq-keys") { dialect in
        let int = dialect.integer
        let withoutRowID = dialect == .sqlite ? " WITHOUT ROWID" : ""
        return [
            """
            CREATE TABLE record_facets_by_seq (
                seq \(int) NOT NULL REFERENCES records (seq) ON DELETE CASCADE,
                name TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (seq, name, value))\(withoutRowID)
            """,
            """
            INSERT INTO record_facets_by_seq (seq, name, value)
            SELECT r.seq, f.name, f.value FROM record_facets f JOIN records r ON r.id = f.record_id
            """,
            "DROP TABLE record_facets",
            "ALTER TABLE record_facets_by_seq RENAME TO record_facets",
            "CREATE INDEX record_facets_value ON record_facets (name, value, seq)",
            """
            CREATE TABLE record_versions_by_seq (
                seq \(int) NOT NULL REFERENCES records (seq) ON DELETE CASCADE,
                version \(int) NOT NULL,
                action TEXT NOT NULL,
                body TEXT,
                identity TEXT,
                changed_fields TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                PRIMARY KEY (seq, version))\(withoutRowID)
            """,
            """
            INSERT INTO record_versions_by_seq (seq, version, action, body, identity, changed_fields, changed_at,
                changed_by)
            SELECT r.seq, v.version, v.action, v.body, v.identity, v.changed_fields, v.changed_at, v.changed_by
            FROM record_versions v JOIN records r ON r.id = v.record_id
            """,
            "DROP TABLE record_versions",
            "ALTER TABLE record_versions_by_seq RENAME TO record_versions",
            "CREATE INDEX record_versions_changed ON record_versions (changed_at)",
        ]
    }
}
