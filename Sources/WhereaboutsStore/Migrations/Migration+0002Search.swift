extension Migration {
    /// Full-text search over normalised record text that finds Korean, Japanese and English substrings:
    /// an FTS5 trigram index on SQLite, a `pg_trgm` GIN index on PostgreSQL; and, for terms of one or
    /// two characters, an index of every character and character pair (`SearchText.grams`).
    static let search = Migration(version: 2, name: "search") { dialect in
        switch dialect {
        case .sqlite:
            return [
                "CREATE VIRTUAL TABLE record_search USING fts5 (content, tokenize = 'trigram')",
                "CREATE VIRTUAL TABLE record_grams USING fts5 (grams, tokenize = 'unicode61 remove_diacritics 0')",
            ]
        case .postgres:
            return [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                """
                CREATE TABLE record_search (
                    seq BIGINT PRIMARY KEY REFERENCES records (seq) ON DELETE CASCADE,
                    content TEXT NOT NULL,
                    grams TEXT[] NOT NULL)
                """,
                "CREATE INDEX record_search_trigram ON record_search USING gin (content gin_trgm_ops)",
                "CREATE INDEX record_search_grams ON record_search USING gin (grams)",
            ]
        }
    }
}
