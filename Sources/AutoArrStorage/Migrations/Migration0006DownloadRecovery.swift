import GRDB

extension Migration {
    static let v0006DownloadRecovery = Migration(identifier: "0006_download_recovery") { db in
        // A recovery attempt is written before it is sent, so a restart never repeats one.
        try db.execute(sql: """
            CREATE TABLE download_failures (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                instance TEXT NOT NULL,
                download_id TEXT NOT NULL,
                title TEXT NOT NULL,
                classification TEXT NOT NULL,
                status TEXT NOT NULL,
                strikes INTEGER NOT NULL DEFAULT 0,
                first_seen_at INTEGER NOT NULL,
                last_seen_at INTEGER NOT NULL,
                UNIQUE (instance, download_id)
            );
            CREATE TABLE recovery_attempts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                failure_id INTEGER NOT NULL REFERENCES download_failures(id) ON DELETE CASCADE,
                correlation_id TEXT NOT NULL,
                strategy TEXT NOT NULL,
                status TEXT NOT NULL,
                detail TEXT,
                created_at INTEGER NOT NULL,
                finished_at INTEGER
            );
            CREATE INDEX recovery_attempts_failure ON recovery_attempts(failure_id);
            """)
    }
}
