import GRDB

extension Migration {
    static let v0005ContentRequests = Migration(identifier: "0005_content_requests") { db in
        try db.execute(sql: """
            CREATE TABLE content_requests (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                correlation_id TEXT NOT NULL,
                query TEXT NOT NULL,
                media_type TEXT,
                title TEXT,
                year INTEGER,
                season INTEGER,
                episode INTEGER,
                quality TEXT,
                instance TEXT,
                external_id TEXT,
                status TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE INDEX content_requests_status ON content_requests(status);
            CREATE INDEX content_requests_correlation ON content_requests(correlation_id);
            """)
    }
}
