import GRDB

extension Migration {
    static let v0007Audit = Migration(identifier: "0007_audit") { db in
        // configuration_history keeps before and after JSON of every applied change, for rollback.
        try db.execute(sql: """
            CREATE TABLE audit_runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                correlation_id TEXT NOT NULL,
                status TEXT NOT NULL,
                score INTEGER,
                started_at INTEGER NOT NULL,
                finished_at INTEGER
            );
            CREATE TABLE recommendations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run_id INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
                instance TEXT NOT NULL,
                rule_id TEXT NOT NULL,
                severity TEXT NOT NULL,
                setting_path TEXT NOT NULL,
                current_value TEXT,
                recommended_value TEXT,
                status TEXT NOT NULL
            );
            CREATE INDEX recommendations_run ON recommendations(run_id);
            CREATE TABLE configuration_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                correlation_id TEXT NOT NULL,
                instance TEXT NOT NULL,
                recommendation_id INTEGER REFERENCES recommendations(id) ON DELETE SET NULL,
                setting_path TEXT NOT NULL,
                before_json TEXT NOT NULL,
                after_json TEXT NOT NULL,
                applied_at INTEGER NOT NULL,
                rolled_back_at INTEGER
            );
            CREATE INDEX configuration_history_instance ON configuration_history(instance);
            """)
    }
}
