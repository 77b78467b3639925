import GRDB

extension Migration {
    /// A failure waits for something observable before it is resolved: what it was a download of (JSON `ArrItemRef`),
    /// since when it waits, the *arr's clock at the failure, and in words what it waits for or what resolved it.
    static let v0012FailureWaiting = Migration(identifier: "0012_failure_waiting") { db in
        try db.execute(sql: """
            ALTER TABLE download_failures ADD COLUMN target TEXT;
            ALTER TABLE download_failures ADD COLUMN waiting_since INTEGER;
            ALTER TABLE download_failures ADD COLUMN arr_since INTEGER;
            ALTER TABLE download_failures ADD COLUMN note TEXT;
            """)
    }
}
