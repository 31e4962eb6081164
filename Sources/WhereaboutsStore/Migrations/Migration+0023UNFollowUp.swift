extension Migration {
    /// Following UN recommendations up (issue 16, decision 0030): assessments of how far each is
    /// implemented, appended like the responses, with the records and evidence items they rest on
    /// (each beside the record it hangs from, so a reader is shown only those it may see); links from
    /// a recommendation to the earlier ones it repeats; and the ids other databases (UHRI, UPR Info)
    /// give recommendations, so importing their exports again changes nothing.
    static let unFollowUp = Migration(version: 23, name: "un-follow-up") { dialect in
        [
            """
            CREATE TABLE un_assessments (
                id \(dialect.serialKey),
                recommendation_id \(dialect.integer) NOT NULL REFERENCES un_recommendations (id),
                implementation TEXT NOT NULL,
                assessed_on TEXT NOT NULL,
                assessed_by TEXT NOT NULL,
                note TEXT,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL)
            """,
            "CREATE INDEX un_assessments_by_recommendation ON un_assessments (recommendation_id, assessed_on, id)",
            """
            CREATE TABLE un_assessment_evidence (
                assessment_id \(dialect.integer) NOT NULL REFERENCES un_assessments (id),
                reference TEXT NOT NULL,
                record_id TEXT NOT NULL,
                is_item \(dialect.integer) NOT NULL,
                PRIMARY KEY (assessment_id, reference))
            """,
            """
            CREATE TABLE un_repeats (
                recommendation_id \(dialect.integer) NOT NULL REFERENCES un_recommendations (id),
                repeats_id \(dialect.integer) NOT NULL REFERENCES un_recommendations (id),
                linked_by TEXT NOT NULL,
                linked_at TEXT NOT NULL,
                PRIMARY KEY (recommendation_id, repeats_id))
            """,
            "CREATE INDEX un_repeats_by_earlier ON un_repeats (repeats_id)",
            """
            CREATE TABLE un_external_ids (
                source TEXT NOT NULL,
                external_id TEXT NOT NULL,
                recommendation_id \(dialect.integer) NOT NULL REFERENCES un_recommendations (id),
                details TEXT NOT NULL,
                PRIMARY KEY (source, external_id))
            """,
            "CREATE INDEX un_external_ids_by_recommendation ON un_external_ids (recommendation_id)",
        ]
    }
}
