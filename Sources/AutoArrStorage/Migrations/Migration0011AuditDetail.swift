import GRDB

extension Migration {
    /// Each run's instances (reachable or not, with their scores) and optional summary; each finding's detail (why it
    /// failed or is not applicable).
    static let v0011AuditDetail = Migration(identifier: "0011_audit_detail") { db in
        try db.execute(sql: """
            ALTER TABLE audit_runs ADD COLUMN instances TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE audit_runs ADD COLUMN summary TEXT;
            ALTER TABLE recommendations ADD COLUMN detail TEXT;
            CREATE INDEX recommendations_instance ON recommendations(instance, run_id);
            """)
    }
}
