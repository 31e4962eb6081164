extension Migration {
    /// Controlled vocabularies: any number of schemes, hierarchies of any depth, labels per language.
    static let vocabulary = Migration(version: 3, name: "vocabulary") { dialect in
        [
            """
            CREATE TABLE vocabulary_terms (
                scheme TEXT NOT NULL,
                code TEXT NOT NULL,
                parent_code TEXT,
                labels TEXT NOT NULL,
                huridocs_code TEXT,
                sort_order \(dialect.integer) NOT NULL,
                PRIMARY KEY (scheme, code))
            """,
            "CREATE INDEX vocabulary_terms_parent ON vocabulary_terms (scheme, parent_code)",
        ]
    }
}
