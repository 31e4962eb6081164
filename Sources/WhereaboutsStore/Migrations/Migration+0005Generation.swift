extension Migration {
    /// One counter that every change to records, their placement in compartments or the vocabularies
    /// moves on, so a server can tell cheaply — even across processes — whether what it rendered is current.
    static let generation = Migration(version: 5, name: "generation") { dialect in
        [
            "CREATE TABLE store_generation (id \(dialect.integer) PRIMARY KEY, value \(dialect.integer) NOT NULL)",
            "INSERT INTO store_generation (id, value) VALUES (1, 0)",
        ]
    }
}
