import GRDB

extension Migration {
    static let v0003Auth = Migration(identifier: "0003_auth") { db in
        // Session tokens and the API key are stored as SHA-256 hashes; the key is also sealed so its owner can see it.
        try db.execute(sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY NOT NULL,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL
            );
            CREATE INDEX sessions_expires ON sessions(expires_at);
            CREATE TABLE api_keys (
                name TEXT PRIMARY KEY NOT NULL,
                key_hash TEXT NOT NULL,
                key_sealed BLOB NOT NULL,
                created_at INTEGER NOT NULL
            );
            """)
    }
}
