extension Migration {
    /// UN documents (issue 16): the documents as read (symbol, kind, issue date, aliases), their
    /// paragraphs and footnotes, the recommendations they make, and each recommendation's responses
    /// over time — appended, never rewritten — and the links from recommendations to the records that
    /// show their (non-)implementation. UN documents are published texts: they are not placed
    /// in compartments; what links them to the records of a desk is.
    static let unDocuments = Migration(version: 20, name: "un-documents") { dialect in
        [
            """
            CREATE TABLE un_documents (
                symbol TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                title TEXT,
                issued TEXT,
                state_under_review TEXT,
                aliases TEXT NOT NULL,
                content_sha256 TEXT NOT NULL,
                imported_by TEXT NOT NULL,
                imported_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE un_paragraphs (
                symbol TEXT NOT NULL REFERENCES un_documents (symbol),
                number \(dialect.integer) NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (symbol, number))
            """,
            """
            CREATE TABLE un_footnotes (
                symbol TEXT NOT NULL REFERENCES un_documents (symbol),
                number \(dialect.integer) NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (symbol, number))
            """,
            """
            CREATE TABLE un_recommendations (
                id \(dialect.serialKey),
                symbol TEXT NOT NULL REFERENCES un_documents (symbol),
                number TEXT NOT NULL,
                paragraph \(dialect.integer) NOT NULL,
                body TEXT NOT NULL,
                themes TEXT NOT NULL,
                UNIQUE (symbol, number))
            """,
            """
            CREATE TABLE un_responses (
                id \(dialect.serialKey),
                recommendation_id \(dialect.integer) NOT NULL REFERENCES un_recommendations (id),
                stage TEXT NOT NULL,
                position TEXT NOT NULL,
                clause TEXT,
                responded_on TEXT NOT NULL,
                source TEXT,
                note TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL)
            """,
            "CREATE INDEX un_responses_by_recommendation ON un_responses (recommendation_id, responded_on, id)",
            """
            CREATE TABLE un_links (
                recommendation_id \(dialect.integer) NOT NULL REFERENCES un_recommendations (id),
                record_id TEXT NOT NULL,
                note TEXT,
                linked_by TEXT NOT NULL,
                linked_at TEXT NOT NULL,
                PRIMARY KEY (recommendation_id, record_id))
            """,
            "CREATE INDEX un_links_by_record ON un_links (record_id)",
        ]
    }
}
