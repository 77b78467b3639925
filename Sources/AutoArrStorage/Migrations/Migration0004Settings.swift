import GRDB

extension Migration {
    static let v0004Settings = Migration(identifier: "0004_settings") { db in
        try db.execute(sql: """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            );
            """)
    }
}
