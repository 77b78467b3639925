import AutoArrCore
import Foundation
import Hummingbird

/// The activity log: filtered, cursor-paginated, newest first.
struct ActivityController {
    let store: any ActivityStore

    /// `{"items":[event…],"nextCursor":"…"}`; `nextCursor` is absent on the last page.
    static func pageResponse(_ page: ActivityPage) -> Response {
        var writer = JSONWriter(capacity: 64 + page.items.count * 320)
        writer.raw(#"{"items":["#)
        for (index, entry) in page.items.enumerated() {
            if index > 0 { writer.raw(",") }
            EventJSON.write(entry, to: &writer)
        }
        writer.raw("]")
        if let cursor = page.nextCursor {
            writer.raw(#","nextCursor":"#)
            writer.string(String(cursor))
        }
        writer.raw("}")
        return .json(writer.bytes)
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("activity") { request, _ in
            return Self.pageResponse(try await store.page(try Self.query(request.uri.queryParameters)))
        }
        group.get("activity/{id}") { _, context in
            let text = try context.parameters.require("id")
            guard let id = Int64(text), id > 0 else { throw FieldError("id", expected: "a positive whole number", got: text) }
            guard let entry = try await store.entry(id: id) else { throw AutoArrError(.notFound, "no activity entry \(id)") }
            return Response.json(EventJSON.encode(entry))
        }
    }

    /// Parses the query string; every bad parameter is a 400 naming it.
    static func query(_ parameters: Parameters) throws -> ActivityQuery {
        var query = ActivityQuery()
        let known: Set = ["instance", "kind", "type", "severity", "correlationId", "since", "until", "cursor", "limit", "apikey"]
        if let unknown = parameters.map({ String($0.key) }).first(where: { !known.contains($0) }) {
            throw FieldError(unknown, expected: "one of the known parameters: \(known.subtracting(["apikey"]).sorted().joined(separator: ", "))")
        }
        query.instance = parameters["instance"].map(String.init)
        if let kind = parameters["kind"] {
            guard let parsed = ServiceKind(rawValue: String(kind)) else { throw FieldError("kind", expected: ServiceKind.expectedList, got: String(kind)) }
            query.kind = parsed
        }
        if let type = parameters["type"] {
            // `download.*` and `download.` both mean the prefix.
            query.typePrefix = type.hasSuffix("*") ? String(type.dropLast()) : String(type)
        }
        if let severity = parameters["severity"] {
            query.severities = try severity.split(separator: ",").map {
                guard let parsed = Severity(rawValue: String($0)) else {
                    throw FieldError("severity", expected: Severity.allCases.map(\.rawValue).joined(separator: ", "), got: String($0))
                }
                return parsed
            }
        }
        query.correlationId = parameters["correlationId"].map(String.init)
        query.since = try parameters["since"].map { try date($0, field: "since") }
        query.until = try parameters["until"].map { try date($0, field: "until") }
        if let cursor = parameters["cursor"] {
            guard let id = Int64(cursor), id > 0 else { throw FieldError("cursor", expected: "a nextCursor from a previous page", got: String(cursor)) }
            query.before = id
        }
        if let limit = parameters["limit"] {
            guard let value = Int(limit), (1...ActivityQuery.maxLimit).contains(value) else {
                throw FieldError("limit", expected: "a whole number from 1 to \(ActivityQuery.maxLimit)", got: String(limit))
            }
            query.limit = value
        }
        return query
    }

    private static func date(_ text: Substring, field: String) throws -> Date {
        guard let date = APIJSON.parse(String(text)) else {
            throw FieldError(field, expected: "an ISO 8601 time such as 2026-01-31T12:00:00Z", got: String(text))
        }
        return date
    }
}
