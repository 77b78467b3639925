import GRDB

extension Migration {
    static let v0001ActivityLog = Migration(identifier: "0001_activity_log") { db in
        try db.execute(sql: """
            CREATE TABLE activity_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                timestamp_ms INTEGER NOT NULL,
                type TEXT NOT NULL,
                severity TEXT NOT NULL,
                correlation_id TEXT NOT NULL,
                instance TEXT,
                kind TEXT,
                message TEXT NOT NULL,
                data TEXT NOT NULL DEFAULT '{}'
            );
            CREATE INDEX activity_log_timestamp ON activity_log(timestamp_ms);
            CREATE INDEX activity_log_correlation ON activity_log(correlation_id);
            CREATE INDEX activity_log_instance ON activity_log(instance);
            """)
    }
}
