import AutoArrCore
import Foundation
import GRDB

struct SQLiteActivityStore: ActivityStore {
    let pool: DatabasePool

    func append(_ event: Event) async throws -> ActivityEntry {
        let milliseconds = event.timestamp.milliseconds
        let data = try String(decoding: JSONEncoder().encode(event.data), as: UTF8.self)
        let id = try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO activity_log (timestamp_ms, type, severity, correlation_id, instance, kind, message, data)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [milliseconds, event.type.rawValue, event.severity.rawValue, event.correlationId,
                            event.instance, event.kind?.rawValue, event.message, data])
            return db.lastInsertedRowID
        }
        // Return what a later read will see: the log keeps millisecond precision.
        var stored = event
        stored.timestamp = Date(milliseconds: milliseconds)
        return ActivityEntry(id: id, event: stored)
    }

    func page(_ query: ActivityQuery) async throws -> ActivityPage {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let instance = query.instance { clauses.append("instance = ?"); arguments += [instance] }
        if let kind = query.kind { clauses.append("kind = ?"); arguments += [kind.rawValue] }
        if let prefix = query.typePrefix {
            clauses.append("substr(type, 1, ?) = ?")
            arguments += [prefix.count, prefix]
        }
        if !query.severities.isEmpty {
            clauses.append("severity IN (\(query.severities.map { _ in "?" }.joined(separator: ",")))")
            for severity in query.severities { arguments += [severity.rawValue] }
        }
        if let correlationId = query.correlationId { clauses.append("correlation_id = ?"); arguments += [correlationId] }
        for word in (query.text ?? "").split(separator: " ") where !word.isEmpty {
            clauses.append("message LIKE ? ESCAPE '\\'")
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            arguments += ["%\(escaped)%"]
        }
        if let since = query.since { clauses.append("timestamp_ms >= ?"); arguments += [since.milliseconds] }
        if let until = query.until { clauses.append("timestamp_ms <= ?"); arguments += [until.milliseconds] }
        if let before = query.before { clauses.append("id < ?"); arguments += [before] }
        let limit = min(max(query.limit, 1), ActivityQuery.maxLimit)
        arguments += [limit + 1]
        let sql = """
            SELECT \(Self.columns) FROM activity_log
            \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY id DESC LIMIT ?
            """
        let statementArguments = arguments
        let entries = try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(Self.entry)
        }
        let items = Array(entries.prefix(limit))
        return ActivityPage(items: items, nextCursor: entries.count > limit ? items.last?.id : nil)
    }

    func entry(id: Int64) async throws -> ActivityEntry? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM activity_log WHERE id = ?", arguments: [id])
                .map(Self.entry)
        }
    }

    func prune(before date: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM activity_log WHERE timestamp_ms < ?", arguments: [date.milliseconds])
            return db.changesCount
        }
    }

    /// Selected in this order so rows are read by index: name lookups cost more than the rest of a row.
    private static let columns = "id, timestamp_ms, type, severity, correlation_id, instance, kind, message, data"

    private static func entry(_ row: Row) throws -> ActivityEntry {
        let id: Int64 = row[0]
        let typeName: String = row[2]
        guard let type = EventType(rawValue: typeName) else {
            throw StorageError("activity_log row \(id) has an unknown event type \(typeName)")
        }
        let data: String = row[8]
        let event = Event(
            type,
            message: row[7],
            correlationId: row[4],
            severity: Severity(rawValue: row[3]) ?? .info,
            instance: row[5],
            kind: (row[6] as String?).flatMap(ServiceKind.init(rawValue:)),
            data: data == "{}" ? [:] : try JSONValue.object(fromJSON: Data(data.utf8)),
            timestamp: Date(milliseconds: row[1]))
        return ActivityEntry(id: id, event: event)
    }
}
