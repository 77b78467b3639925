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
            saved.counts = [:]
            saved.failing = [:]
            for index in saved.findings.indices {
                let finding = saved.findings[index]
                try db.execute(sql: """
                    INSERT INTO recommendations (run_id, instance, rule_id, severity, setting_path, current_value, recommended_value, status, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [saved.id, finding.instance, finding.ruleId, finding.severity.rawValue, finding.setting,
                                     finding.current.map(Self.json), finding.recommended.map(Self.json), finding.status.rawValue, finding.detail])
                saved.findings[index].id = db.lastInsertedRowID
                saved.findings[index].runId = saved.id
                saved.counts[finding.status.rawValue, default: 0] += 1
                if finding.status == .fail { saved.failing[finding.severity.rawValue, default: 0] += 1 }
            }
            return saved
        }
    }

    func runs(limit: Int) async throws -> [AuditRun] {
        try await pool.read { db in
            var runs = try Row.fetchAll(db, sql: "SELECT * FROM audit_runs ORDER BY id DESC LIMIT ?", arguments: [limit]).map { try Self.run($0, findings: []) }
            guard let oldest = runs.last?.id else { return runs }
            let index = Dictionary(uniqueKeysWithValues: runs.enumerated().map { ($1.id, $0) })
            for row in try Row.fetchAll(db, sql: """
                SELECT run_id, status, severity, COUNT(*) AS n FROM recommendations WHERE run_id >= ? GROUP BY run_id, status, severity
                """, arguments: [oldest]) {
                guard let position = index[row["run_id"]] else { continue }
                let status: String = row["status"], severity: String = row["severity"], count: Int = row["n"]
                runs[position].counts[status, default: 0] += count
                if status == StoredFinding.Status.fail.rawValue { runs[position].failing[severity, default: 0] += count }
            }
            return runs
        }
    }

    func run(id: Int64) async throws -> AuditRun? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_runs WHERE id = ?", arguments: [id]) else { return nil }
            let findings = try Row.fetchAll(db, sql: "SELECT * FROM recommendations WHERE run_id = ? ORDER BY id", arguments: [id]).map(Self.finding)
            return try Self.run(row, findings: findings)
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

    /// A run, with its findings' counts when they are given. - Throws: `StorageError` naming the run when its stored
    /// instances are not valid JSON, rather than showing a run that audited nothing.
    private static func run(_ row: Row, findings: [StoredFinding]) throws -> AuditRun {
        let id: Int64 = row["id"]
        let instances: [AuditRun.Instance]
        do {
            instances = try JSONDecoder().decode([AuditRun.Instance].self, from: Data((row["instances"] as String? ?? "[]").utf8))
        } catch {
            throw StorageError("audit_runs.instances of run \(id) is not valid JSON: \(error)")
        }
        var run = AuditRun(id: id, correlationId: row["correlation_id"], startedAt: Date(milliseconds: row["started_at"]),
                           finishedAt: Date(milliseconds: row["finished_at"] ?? row["started_at"]), score: row["score"], instances: instances,
                           findings: findings, summary: row["summary"])
        for finding in findings {
            run.counts[finding.status.rawValue, default: 0] += 1
            if finding.status == .fail { run.failing[finding.severity.rawValue, default: 0] += 1 }
        }
        return run
    }

    private static func finding(_ row: Row) throws -> StoredFinding {
        let id: Int64 = row["id"]
        var finding = StoredFinding(id: id, runId: row["run_id"], AuditFinding(ruleId: row["rule_id"], instance: row["instance"], status: .fail,
                                                                               current: try value(row["current_value"], "recommendations.current_value of \(id)"),
                                                                               recommended: try value(row["recommended_value"], "recommendations.recommended_value of \(id)"),
                                                                               detail: row["detail"]), rule: nil)
        finding.severity = AuditRule.Severity(rawValue: row["severity"]) ?? .low
        finding.setting = row["setting_path"]
        finding.status = StoredFinding.Status(rawValue: row["status"]) ?? .notApplicable
        return finding
    }

    private static func change(_ row: Row) throws -> ConfigChange {
        let id: Int64 = row["id"]
        return ConfigChange(id: id, correlationId: row["correlation_id"], instance: row["instance"], recommendationId: row["recommendation_id"],
                     setting: row["setting_path"], before: try value(row["before_json"], "configuration_history.before_json of \(id)") ?? .null,
                     after: try value(row["after_json"], "configuration_history.after_json of \(id)") ?? .null,
                     appliedAt: Date(milliseconds: row["applied_at"]), rolledBackAt: (row["rolled_back_at"] as Int64?).map(Date.init(milliseconds:)))
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "null"
    }

    /// A stored JSON value. - Throws: `StorageError` naming the column when it is not valid JSON.
    private static func value(_ text: String?, _ column: String) throws -> JSONValue? {
        guard let text else { return nil }
        do { return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) } catch {
            throw StorageError("\(column) is not valid JSON: \(error)")
        }
    }
}

extension AppDatabase {
    public var audit: some AuditStore { SQLiteAuditStore(pool: pool) }
}
