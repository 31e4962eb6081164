extension Migration {
    /// Accounts, sessions, API tokens, sign-in throttling, compartments and which records each
    /// compartment holds.
    ///
    /// Secrets are never stored as given: passwords as scrypt hashes, session ids, tokens, set-up links
    /// and recovery codes as SHA-256 hashes. Records that existed before compartments are placed in
    /// the built-in compartment `general`.
    static let accounts = Migration(version: 4, name: "accounts") { dialect in
        let int = dialect.integer
        return [
            """
            CREATE TABLE compartments (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                created_at TEXT NOT NULL)
            """,
            "INSERT INTO compartments (id, name, created_at) VALUES ('general', 'General', '1970-01-01T00:00:00Z')",
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                email TEXT,
                display_name TEXT NOT NULL,
                password_hash TEXT,
                role TEXT NOT NULL,
                permissions TEXT NOT NULL,
                language TEXT,
                totp_secret TEXT,
                totp_last_step \(int),
                disabled \(int) NOT NULL DEFAULT 0,
                sessions_valid_after TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE user_compartments (
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                compartment_id TEXT NOT NULL REFERENCES compartments (id),
                PRIMARY KEY (user_id, compartment_id))
            """,
            """
            CREATE TABLE recovery_codes (
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                code_hash TEXT NOT NULL,
                used_at TEXT,
                PRIMARY KEY (user_id, code_hash))
            """,
            """
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                second_factor_done \(int) NOT NULL,
                csrf_token TEXT NOT NULL,
                created_at TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                address TEXT)
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                permissions TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked \(int) NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE setup_links (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                expires_at TEXT NOT NULL,
                used_at TEXT)
            """,
            """
            CREATE TABLE sign_in_failures (
                throttle_key TEXT PRIMARY KEY,
                failures \(int) NOT NULL,
                last_failure_at TEXT NOT NULL,
                blocked_until TEXT NOT NULL)
            """,
            """
            CREATE TABLE record_home_compartments (
                record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                compartment_id TEXT NOT NULL REFERENCES compartments (id),
                PRIMARY KEY (record_id, compartment_id))
            """,
            """
            CREATE TABLE record_compartments (
                record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
                compartment_id TEXT NOT NULL REFERENCES compartments (id),
                PRIMARY KEY (record_id, compartment_id))
            """,
            "CREATE INDEX record_compartments_compartment ON record_compartments (compartment_id, record_id)",
            "CREATE INDEX record_versions_changed ON record_versions (changed_at)",
            "INSERT INTO record_home_compartments (record_id, compartment_id) SELECT id, 'general' FROM records",
            "INSERT INTO record_compartments (record_id, compartment_id) SELECT id, 'general' FROM records",
        ]
    }
}
