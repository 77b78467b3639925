import GRDB

extension Migration {
    static let v0002ServiceInstances = Migration(identifier: "0002_service_instances") { db in
        // `secrets` holds the credentials as AES-GCM sealed JSON; nothing secret is stored in clear.
        try db.execute(sql: """
            CREATE TABLE service_instances (
                name TEXT PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL,
                url TEXT NOT NULL,
                timeout_seconds REAL NOT NULL,
                tags TEXT NOT NULL DEFAULT '[]',
                source TEXT NOT NULL,
                secrets BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            """)
    }
}
