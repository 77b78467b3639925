import AutoArrCore
import Foundation
import GRDB

/// `download_failures` (one row per client job) and `recovery_attempts`.
struct SQLiteRecoveryStore: RecoveryStore {
    let pool: DatabasePool

    func failure(_ candidate: FailureRecord) async throws -> (record: FailureRecord, created: Bool) {
        try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM download_failures WHERE instance = ? AND download_id = ?",
                                          arguments: [candidate.instance, candidate.downloadId]) {
                return (try Self.failure(row), false)
            }
            try db.execute(sql: """
                INSERT INTO download_failures (instance, download_id, title, classification, status, strikes, first_seen_at, last_seen_at,
                    correlation_id, arr_instance, media_key, target, arr_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [candidate.instance, candidate.downloadId, candidate.title, candidate.kind.rawValue, candidate.status.rawValue,
                                 candidate.strikes, candidate.firstSeen.milliseconds, candidate.lastSeen.milliseconds, candidate.correlationId,
                                 candidate.arrInstance, candidate.mediaKey, try Self.json(candidate.target), candidate.arrSince?.milliseconds])
            var created = candidate
            created.id = db.lastInsertedRowID
            return (created, true)
        }
    }

    func update(_ failure: FailureRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE download_failures SET title = ?, classification = ?, status = ?, strikes = ?, last_seen_at = ?, arr_instance = ?,
                    media_key = COALESCE(?, media_key), target = COALESCE(?, target), waiting_since = ?, arr_since = COALESCE(?, arr_since), note = ?
                    WHERE id = ?
                """, arguments: [failure.title, failure.kind.rawValue, failure.status.rawValue, failure.strikes, failure.lastSeen.milliseconds,
                                 failure.arrInstance, failure.mediaKey, try Self.json(failure.target), failure.waitingSince?.milliseconds,
                                 failure.arrSince?.milliseconds, failure.note, failure.id])
        }
    }

    func attempts(failureId: Int64) async throws -> [AttemptRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM recovery_attempts WHERE failure_id = ? ORDER BY id", arguments: [failureId]).map(Self.attempt)
        }
    }

    func attempts(correlationId: String?, limit: Int) async throws -> [AttemptRecord] {
        try await pool.read { db in
            if let correlationId {
                return try Row.fetchAll(db, sql: "SELECT * FROM recovery_attempts WHERE correlation_id = ? ORDER BY id DESC LIMIT ?",
                                        arguments: [correlationId, limit]).map(Self.attempt)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM recovery_attempts ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.attempt)
        }
    }

    func attempts(instance: String, downloadId: String) async throws -> [AttemptRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM recovery_attempts WHERE instance = ? AND download_id = ? COLLATE NOCASE ORDER BY id",
                             arguments: [instance, downloadId]).map(Self.attempt)
        }
    }

    func insert(_ attempt: AttemptRecord) async throws -> AttemptRecord {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO recovery_attempts (failure_id, correlation_id, strategy, status, detail, created_at, finished_at, instance, download_id, actor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [attempt.failureId, attempt.correlationId, attempt.strategy.rawValue, attempt.status.rawValue, attempt.detail,
                                 attempt.createdAt.milliseconds, attempt.finishedAt?.milliseconds, attempt.instance, attempt.downloadId, attempt.actor])
            var saved = attempt
            saved.id = db.lastInsertedRowID
            return saved
        }
    }

    func finish(attemptId: Int64, status: AttemptRecord.Status, detail: String?, at: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE recovery_attempts SET status = ?, detail = COALESCE(?, detail), finished_at = ? WHERE id = ?",
                           arguments: [status.rawValue, detail, status == .sent ? nil : at.milliseconds, attemptId])
        }
    }

    func finishInterrupted(detail: String, at: Date) async throws -> [AttemptRecord] {
        try await pool.write { db in
            try Row.fetchAll(db, sql: "UPDATE recovery_attempts SET status = 'failed', detail = ?, finished_at = ? WHERE status IN ('planned', 'sent') RETURNING *",
                             arguments: [detail, at.milliseconds]).map(Self.attempt)
        }
    }

    func failures(statuses: [FailureRecord.Status], limit: Int) async throws -> [FailureRecord] {
        let placeholders = statuses.map { _ in "?" }.joined(separator: ",")
        let sql = statuses.isEmpty ? "SELECT * FROM download_failures ORDER BY id DESC LIMIT ?"
            : "SELECT * FROM download_failures WHERE status IN (\(placeholders)) ORDER BY id DESC LIMIT ?"
        let arguments = StatementArguments(statuses.map(\.rawValue) + [String(limit)])
        return try await pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.failure) }
    }

    func searches(mediaKey: String) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM recovery_attempts a JOIN download_failures f ON f.id = a.failure_id
                WHERE f.media_key = ? AND a.strategy IN ('blocklistAndSearch', 'search', 'qualityFallback') AND a.status = 'done'
                """, arguments: [mediaKey]) ?? 0
        }
    }

    func keep(_ restore: ProfileRestore, attemptId: Int64) async throws {
        let json = String(decoding: try JSONEncoder().encode(restore), as: UTF8.self)
        try await pool.write { db in
            try db.execute(sql: "UPDATE recovery_attempts SET restore = ? WHERE id = ?", arguments: [json, attemptId])
        }
    }

    func pendingRestores() async throws -> [(attempt: AttemptRecord, restore: ProfileRestore)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM recovery_attempts WHERE restore IS NOT NULL AND restored_at IS NULL ORDER BY id").compactMap { row in
                guard let json: String = row["restore"], let restore = try? JSONDecoder().decode(ProfileRestore.self, from: Data(json.utf8)) else { return nil }
                return (Self.attempt(row), restore)
            }
        }
    }

    func restored(attemptId: Int64, at: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE recovery_attempts SET restored_at = ? WHERE id = ?", arguments: [at.milliseconds, attemptId])
        }
    }

    private static func failure(_ row: Row) throws -> FailureRecord {
        let target: ArrItemRef? = try (row["target"] as String?).map { json in
            do { return try JSONDecoder().decode(ArrItemRef.self, from: Data(json.utf8)) } catch {
                throw StorageError("download_failures.target of failure \(row["id"] as Int64? ?? 0) is not valid JSON: \(error)")
            }
        }
        var failure = FailureRecord(
            id: row["id"], instance: row["instance"], downloadId: row["download_id"], title: row["title"],
            kind: FailureKind(rawValue: row["classification"]) ?? .unknown, status: FailureRecord.Status(rawValue: row["status"]) ?? .open,
            strikes: row["strikes"], correlationId: row["correlation_id"], arrInstance: row["arr_instance"], mediaKey: row["media_key"],
            firstSeen: Date(milliseconds: row["first_seen_at"]), lastSeen: Date(milliseconds: row["last_seen_at"]),
            target: target, arrSince: (row["arr_since"] as Int64?).map(Date.init(milliseconds:)))
        failure.waitingSince = (row["waiting_since"] as Int64?).map(Date.init(milliseconds:))
        failure.note = row["note"]
        return failure
    }

    private static func json(_ target: ArrItemRef?) throws -> String? {
        try target.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
    }

    private static func attempt(_ row: Row) -> AttemptRecord {
        AttemptRecord(
            id: row["id"], failureId: row["failure_id"], correlationId: row["correlation_id"],
            strategy: RecoveryStrategy(rawValue: row["strategy"]) ?? .notify, status: AttemptRecord.Status(rawValue: row["status"]) ?? .failed,
            detail: row["detail"], createdAt: Date(milliseconds: row["created_at"]), finishedAt: (row["finished_at"] as Int64?).map(Date.init(milliseconds:)),
            instance: row["instance"], downloadId: row["download_id"], actor: row["actor"])
    }
}

extension AppDatabase {
    public var recovery: some RecoveryStore { SQLiteRecoveryStore(pool: pool) }
}
