extension Migration {
    /// The installation's identity: a random name made once, when the database is created (or when an
    /// older database is first opened by this release). It travels with the database (a backup, a
    /// replica, a copied file) and names the folder of the installation's keys, which does not
    /// (decision 0019).
    static let installation = Migration(version: 14, name: "installation") { dialect in
        let random =
            dialect == .sqlite
            ? "lower(hex(randomblob(8)))"
            : "substr(md5(random()::text || clock_timestamp()::text), 1, 16)"
        return [
            "CREATE TABLE installation (id \(dialect.integer) PRIMARY KEY, name TEXT NOT NULL)",
            "INSERT INTO installation (id, name) VALUES (1, \(random))",
        ]
    }
}
