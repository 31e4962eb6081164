extension Migration {
    /// More fields identify people (issue 22, item 12): act descriptions and leverage on family,
    /// information remarks, intervention descriptions and responses, involvement and link notes, a
    /// person's fate history, a source's title, giver and consent. Asks the next open to seal them
    /// (``SQLRecordStore/sealAll(progress:)`` moves them out of the clear bodies, titles, search
    /// text and kept versions; decision 0017).
    static let moreSealedFields = Migration(version: 13, name: "more-sealed-fields") { _ in
        ["INSERT INTO sealing_pending (id) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM sealing_pending)"]
    }
}
