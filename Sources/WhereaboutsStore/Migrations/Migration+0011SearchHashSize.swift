extension Migration {
    /// SQLite only: each full-text table gathers up to 32 MiB of new terms in memory before writing
    /// them out as a segment (FTS5's default is 1 MiB). A large import then writes a few large
    /// segments instead of hundreds of small ones that FTS5 would merge again and again (issue 2's
    /// import rate, decision 0013). The memory is used only while a transaction adds text.
    static let searchHashSize = Migration(version: 11, name: "search-hash-size") { dialect in
        guard dialect == .sqlite else { return [] }
        return ["record_search", "record_grams"].map { table in
            "INSERT INTO \(table) (\(table), rank) VALUES ('hashsize', \(32 * 1024 * 1024))"
        }
    }
}
