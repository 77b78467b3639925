import AutoArrCore
import Foundation
import GRDB

/// Requests in `content_requests`: the parsed fields in columns (for filtering and reading with SQL), what the
/// lookups found and chose in `detail` as JSON.
struct SQLiteContentRequestStore: ContentRequestStore {
    let pool: DatabasePool

    /// The part of a request kept as JSON.
    private struct Detail: Codable {
        var parsed: ParsedRequest
        var candidates: [MediaCandidate]
        var chosen: MediaCandidate?
        var qualityProfileId: Int?
        var rootFolderPath: String?
        var error: String?
        var note: String?
        var upgradeProfileId: Int?
    }

    func save(_ request: ContentRequest) async throws -> ContentRequest {
        let detail = Detail(parsed: request.parsed, candidates: request.candidates, chosen: request.chosen,
                            qualityProfileId: request.qualityProfileId, rootFolderPath: request.rootFolderPath, error: request.error,
                            note: request.note, upgradeProfileId: request.upgradeProfileId)
        let json = String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        let arguments: StatementArguments = [
            request.correlationId, request.query, request.parsed.type?.rawValue, request.parsed.title, request.parsed.year,
            request.parsed.season, request.parsed.episode, request.parsed.quality?.rawValue, request.instance, request.chosen?.id,
            request.status.rawValue, request.createdAt.milliseconds, request.updatedAt.milliseconds, json, request.mediaId,
        ]
        return try await pool.write { db in
            var saved = request
            if request.id == 0 {
                try db.execute(sql: """
                    INSERT INTO content_requests (correlation_id, query, media_type, title, year, season, episode, quality, instance,
                        external_id, status, created_at, updated_at, detail, media_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: arguments)
                saved.id = db.lastInsertedRowID
            } else {
                try db.execute(sql: """
                    UPDATE content_requests SET correlation_id = ?, query = ?, media_type = ?, title = ?, year = ?, season = ?, episode = ?,
                        quality = ?, instance = ?, external_id = ?, status = ?, created_at = ?, updated_at = ?, detail = ?, media_id = ?
                    WHERE id = ?
                    """, arguments: arguments + [request.id])
            }
            return saved
        }
    }

    func request(id: Int64) async throws -> ContentRequest? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM content_requests WHERE id = ?", arguments: [id]).map(Self.request) }
    }

    func requests(statuses: [ContentRequest.Status], before cursor: Int64?, limit: Int) async throws -> [ContentRequest] {
        var sql = "SELECT * FROM content_requests WHERE 1 = 1"
        var arguments: StatementArguments = []
        if !statuses.isEmpty {
            sql += " AND status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))"
            for status in statuses { _ = arguments.append(contentsOf: [status.rawValue]) }
        }
        if let cursor {
            sql += " AND id < ?"
            _ = arguments.append(contentsOf: [cursor])
        }
        sql += " ORDER BY id DESC LIMIT ?"
        _ = arguments.append(contentsOf: [limit])
        let query = sql, values = arguments
        return try await pool.read { db in try Row.fetchAll(db, sql: query, arguments: values).map(Self.request) }
    }

    private static func request(_ row: Row) throws -> ContentRequest {
        let detail = try JSONDecoder().decode(Detail.self, from: Data((row["detail"] as String? ?? "{}").utf8))
        var request = ContentRequest(
            id: row["id"], correlationId: row["correlation_id"], query: row["query"], parsed: detail.parsed,
            status: ContentRequest.Status(rawValue: row["status"]) ?? .failed, instance: row["instance"], candidates: detail.candidates,
            chosen: detail.chosen, mediaId: row["media_id"], qualityProfileId: detail.qualityProfileId, rootFolderPath: detail.rootFolderPath,
            error: detail.error, createdAt: Date(milliseconds: row["created_at"]), updatedAt: Date(milliseconds: row["updated_at"]))
        request.note = detail.note
        request.upgradeProfileId = detail.upgradeProfileId
        return request
    }
}

extension AppDatabase {
    public var requests: some ContentRequestStore { SQLiteContentRequestStore(pool: pool) }
}
