extension Migration {
    /// Data keys (wrapped by the installation's key-encryption key) and the blind index that lets
    /// sealed names and testimony be found by exact terms.
    ///
    /// `data_keys.id` is `<compartment>.<version>` for sealing keys and `<compartment>.index` for
    /// blind-index keys; `kek_fingerprint` names the key-encryption key that wrapped each one.
    static let keys = Migration(version: 7, name: "keys") { dialect in
        let int = dialect.integer
        return [
            """
            CREATE TABLE data_keys (
                id TEXT PRIMARY KEY,
                compartment_id TEXT NOT NULL,
                purpose TEXT NOT NULL,
                version \(int) NOT NULL,
                wrapped TEXT NOT NULL,
                kek_fingerprint TEXT NOT NULL,
                created_at TEXT NOT NULL)
            """,
            "CREATE INDEX data_keys_compartment ON data_keys (compartment_id, purpose, version)",
            // Without a rowid on SQLite: the primary key is the table, one B-tree fewer per row.
            """
            CREATE TABLE record_blind_index (
                digest TEXT NOT NULL,
                seq \(int) NOT NULL,
                PRIMARY KEY (digest, seq))\(dialect == .sqlite ? " WITHOUT ROWID" : "")
            """,
            "CREATE INDEX record_blind_index_seq ON record_blind_index (seq)",
            // Data written before this step is in clear text until the first sealed open seals it
            // and removes this row (decision 0008); later opens look at one row instead of every record.
            "CREATE TABLE sealing_pending (id \(int) PRIMARY KEY)",
            "INSERT INTO sealing_pending (id) VALUES (1)",
        ]
    }
}
