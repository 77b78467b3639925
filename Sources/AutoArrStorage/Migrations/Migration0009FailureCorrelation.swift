import GRDB

extension Migration {
    /// Each failure's correlation id (its recovery attempts share it) and the *arr record it belongs to.
    static let v0009FailureCorrelation = Migration(identifier: "0009_failure_correlation") { db in
        try db.execute(sql: """
            ALTER TABLE download_failures ADD COLUMN correlation_id TEXT NOT NULL DEFAULT '';
            ALTER TABLE download_failures ADD COLUMN arr_instance TEXT;
            CREATE INDEX recovery_attempts_correlation ON recovery_attempts(correlation_id);
            """)
    }
}
