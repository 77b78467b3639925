import AutoArrCore
import GRDB

struct SQLiteSystemStore: SystemStore {
    let pool: DatabasePool

    func ping() async throws {
        _ = try await pool.read { try Int.fetchOne($0, sql: "SELECT 1") }
    }

    func schemaVersion() async throws -> Int {
        try await pool.read { try Migration.migrator.appliedIdentifiers($0).count }
    }

    func rowCounts() async throws -> [String: Int] {
        try await pool.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                """)
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
            }
            return counts
        }
    }
}
