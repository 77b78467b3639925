import GRDB

extension Migration {
    /// Each failure's correlation id (its recovery attempts share it), the *arr instance, and the item it was a download
    /// of (`radarr:movie:12`), so repeated failures of one item across releases can fall back to a lower quality.
    static let v0009FailureCorrelation = Migration(identifier: "0009_failure_correlation") { db in
        try db.execute(sql: """
            ALTER TABLE download_failures ADD COLUMN correlation_id TEXT NOT NULL DEFAULT '';
            ALTER TABLE download_failures ADD COLUMN arr_instance TEXT;
            ALTER TABLE download_failures ADD COLUMN media_key TEXT;
            CREATE INDEX download_failures_media ON download_failures(media_key);
            CREATE INDEX recovery_attempts_correlation ON recovery_attempts(correlation_id);
            """)
    }
}
