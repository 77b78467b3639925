import GRDB

extension Migration {
    /// What a quality fallback switched (JSON `ProfileRestore`) and when it was switched back, on the attempt that did it.
    static let v0010ProfileRestore = Migration(identifier: "0010_profile_restore") { db in
        try db.execute(sql: """
            ALTER TABLE recovery_attempts ADD COLUMN restore TEXT;
            ALTER TABLE recovery_attempts ADD COLUMN restored_at INTEGER;
            """)
    }
}
