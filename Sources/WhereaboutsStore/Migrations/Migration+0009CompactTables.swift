extension Migration {
    /// SQLite only: the small tables keyed by a composite primary key become WITHOUT ROWID tables (the
    /// key is the table, one B-tree per row instead of two), and the grams index keeps no copy of its
    /// text (nothing reads it back; rows are deleted by rowid). Less to write on every import and
    /// less disk (issue 2's import rate, decision 0011). The blind index is found by digest only;
    /// `record_blind_digests` says which rows belong to a record. PostgreSQL keeps its tables as they are.
    static let compactTables = Migration(version: 9, name: "compact-tables") { dialect in
        guard dialect == .sqlite else { return [] }
        let tables: [(name: String, columns: String, key: String, indexes: [String])] = [
            (
                "record_refs",
                """
                from_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                path TEXT NOT NULL,
                to_id TEXT NOT NULL REFERENCES records (id),
                rolls_up INTEGER NOT NULL
                """,
                "from_id, path", ["CREATE INDEX record_refs_to ON record_refs (to_id)"]
            ),
            (
                "record_facets",
                """
                record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                value TEXT NOT NULL
                """,
                "record_id, name, value", ["CREATE INDEX record_facets_value ON record_facets (name, value)"]
            ),
            (
                "record_home_compartments",
                """
                record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                compartment_id TEXT NOT NULL REFERENCES compartments (id)
                """,
                "record_id, compartment_id", []
            ),
            (
                "record_compartments",
                """
                record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                compartment_id TEXT NOT NULL REFERENCES compartments (id)
                """,
                "record_id, compartment_id",
                [
                    "CREATE INDEX record_compartments_compartment ON record_compartments (compartment_id, record_id)"
                ]
            ),
        ]
        var statements: [String] = []
        for table in tables {
            statements += [
                "CREATE TABLE \(table.name)_compact (\(table.columns), PRIMARY KEY (\(table.key))) WITHOUT ROWID",
                "INSERT INTO \(table.name)_compact SELECT * FROM \(table.name)",
                "DROP TABLE \(table.name)",
                "ALTER TABLE \(table.name)_compact RENAME TO \(table.name)",
            ]
            statements += table.indexes
        }
        statements += [
            """
            CREATE VIRTUAL TABLE record_grams_compact USING fts5 (
                grams, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')
            """,
            "INSERT INTO record_grams_compact (rowid, grams) SELECT rowid, grams FROM record_grams",
            "DROP TABLE record_grams",
            "ALTER TABLE record_grams_compact RENAME TO record_grams",
        ]
        // The blind index loses its index by seq: each record's digests are kept beside its seq
        // instead (one row appended per record), and rows are removed by their full key.
        statements += [
            "CREATE TABLE record_blind_digests (seq INTEGER PRIMARY KEY, digests TEXT NOT NULL)",
            """
            INSERT INTO record_blind_digests (seq, digests)
            SELECT seq, json_group_array(digest) FROM record_blind_index GROUP BY seq
            """,
            "DROP INDEX record_blind_index_seq",
        ]
        return statements
    }
}
