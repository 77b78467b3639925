import AutoArrCore
import Foundation
import GRDB

/// `audit_runs`, `recommendations` (every finding of a run) and `configuration_history`.
struct SQLiteAuditStore: AuditStore {
    let pool: DatabasePool

    func save(_ run: AuditRun) async throws -> AuditRun {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO audit_runs (correlation_id, status, score, started_at, finished_at, instances, summary) VALUES (?, 'completed', ?, ?, ?, ?, ?)
                """, arguments: [run.correlationId, run.score, run.startedAt.milliseconds, run.finishedAt.milliseconds, Self.json(run.instances), run.summary])
            var saved = run
            saved.id = db.lastInsertedRowID
            for index in saved.findings.indices {
                let finding = saved.findings[index]
                try db.execute(sql: """
                    INSERT INTO recommendations (run_id, instance, rule_id, severity, setting_path, current_value, recommended_value, status, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [saved.id, finding.instance, finding.ruleId, finding.severity.rawValue, finding.setting,
                                     finding.current.map(Self.json), finding.recommended.map(Self.json), finding.status.rawValue, finding.detail])
                saved.findings[index].id = db.lastInsertedRowID
                saved.findings[index].runId = saved.id
            }
            return saved
        }
    }

    func runs(limit: Int) async throws -> [AuditRun] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_runs ORDER BY id DESC LIMIT ?", arguments: [limit]).map { Self.run($0, findings: []) }
        }
    }

    func run(id: Int64) async throws -> AuditRun? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_runs WHERE id = ?", arguments: [id]) else { return nil }
            let findings = try Row.fetchAll(db, sql: "SELECT * FROM recommendations WHERE run_id = ? ORDER BY id", arguments: [id]).map(Self.finding)
            return Self.run(row, findings: findings)
        }
    }

    func recommendations(severity: AuditRule.Severity?, instance: String?) async throws -> [StoredFinding] {
        try await pool.read { db in
            // Each instance's newest run that audited it.
            var sql = """
                SELECT r.* FROM recommendations r
                WHERE r.status = 'fail' AND r.run_id = (SELECT MAX(run_id) FROM recommendations WHERE instance = r.instance)
                """
            var arguments: StatementArguments = []
            if let instance {
                sql += " AND r.instance = ?"
                arguments += [instance]
            }
            let found = try Row.fetchAll(db, sql: sql + " ORDER BY r.id", arguments: arguments).map(Self.finding)
            return found.filter { severity == nil || $0.severity == severity }.sorted { ($0.severity, $1.id) > ($1.severity, $0.id) }
        }
    }

    func finding(id: Int64) async throws -> StoredFinding? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM recommendations WHERE id = ?", arguments: [id]).map(Self.finding) }
    }

    func mark(findingId: Int64, status: StoredFinding.Status) async throws {
        try await pool.write { db in try db.execute(sql: "UPDATE recommendations SET status = ? WHERE id = ?", arguments: [status.rawValue, findingId]) }
    }

    func record(_ change: ConfigChange) async throws -> ConfigChange {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO configuration_history (correlation_id, instance, recommendation_id, setting_path, before_json, after_json, applied_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [change.correlationId, change.instance, change.recommendationId, change.setting, Self.json(change.before),
                                 Self.json(change.after), change.appliedAt.milliseconds])
            var saved = change
            saved.id = db.lastInsertedRowID
            return saved
        }
    }

    func change(id: Int64) async throws -> ConfigChange? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM configuration_history WHERE id = ?", arguments: [id]).map(Self.change) }
    }

    func changes(limit: Int) async throws -> [ConfigChange] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM configuration_history ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.change)
        }
    }

    func rolledBack(changeId: Int64, at: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE configuration_history SET rolled_back_at = ? WHERE id = ?", arguments: [at.milliseconds, changeId])
        }
    }

    // MARK: Rows

    private static func run(_ row: Row, findings: [StoredFinding]) -> AuditRun {
        let instances = (try? JSONDecoder().decode([AuditRun.Instance].self, from: Data((row["instances"] as String? ?? "[]").utf8))) ?? []
        return AuditRun(id: row["id"], correlationId: row["correlation_id"], startedAt: Date(milliseconds: row["started_at"]),
                        finishedAt: Date(milliseconds: row["finished_at"] ?? row["started_at"]), score: row["score"], instances: instances,
                        findings: findings, summary: row["summary"])
    }

    private static func finding(_ row: Row) -> StoredFinding {
        var finding = StoredFinding(id: row["id"], runId: row["run_id"], AuditFinding(ruleId: row["rule_id"], instance: row["instance"], status: .fail,
                                                                                      current: value(row["current_value"]), recommended: value(row["recommended_value"]),
                                                                                      detail: row["detail"]), rule: nil)
        finding.severity = AuditRule.Severity(rawValue: row["severity"]) ?? .low
        finding.setting = row["setting_path"]
        finding.status = StoredFinding.Status(rawValue: row["status"]) ?? .notApplicable
        return finding
    }

    private static func change(_ row: Row) -> ConfigChange {
        ConfigChange(id: row["id"], correlationId: row["correlation_id"], instance: row["instance"], recommendationId: row["recommendation_id"],
                     setting: row["setting_path"], before: value(row["before_json"]) ?? .null, after: value(row["after_json"]) ?? .null,
                     appliedAt: Date(milliseconds: row["applied_at"]), rolledBackAt: (row["rolled_back_at"] as Int64?).map(Date.init(milliseconds:)))
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "null"
    }

    private static func value(_ text: String?) -> JSONValue? {
        text.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }
}

extension AppDatabase {
    public var audit: some AuditStore { SQLiteAuditStore(pool: pool) }
}
