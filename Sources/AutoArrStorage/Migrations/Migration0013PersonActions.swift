import GRDB

extension Migration {
    /// A person's action on a download (retry, pause, resume, remove, blocklist) is an attempt like the monitor's, so it
    /// may belong to no failure: `failure_id` becomes optional, and every attempt names its download and who acted.
    static let v0013PersonActions = Migration(identifier: "0013_person_actions") { db in
        try db.execute(sql: """
            CREATE TABLE recovery_attempts_0013 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                failure_id INTEGER REFERENCES download_failures(id) ON DELETE CASCADE,
                correlation_id TEXT NOT NULL,
                strategy TEXT NOT NULL,
                status TEXT NOT NULL,
                detail TEXT,
                created_at INTEGER NOT NULL,
                finished_at INTEGER,
                restore TEXT,
                restored_at INTEGER,
                instance TEXT,
                download_id TEXT,
                actor TEXT
            );
            INSERT INTO recovery_attempts_0013 (id, failure_id, correlation_id, strategy, status, detail, created_at, finished_at, restore, restored_at,
                                                instance, download_id)
                SELECT a.id, a.failure_id, a.correlation_id, a.strategy, a.status, a.detail, a.created_at, a.finished_at, a.restore, a.restored_at,
                       f.instance, f.download_id
                FROM recovery_attempts a LEFT JOIN download_failures f ON f.id = a.failure_id;
            DROP TABLE recovery_attempts;
            ALTER TABLE recovery_attempts_0013 RENAME TO recovery_attempts;
            CREATE INDEX recovery_attempts_failure ON recovery_attempts(failure_id);
            CREATE INDEX recovery_attempts_correlation ON recovery_attempts(correlation_id);
            CREATE INDEX recovery_attempts_download ON recovery_attempts(instance, download_id);
            """)
    }
}
