import AutoArrCore
import Foundation
import Hummingbird

/// A REST route that runs one action: its path parameters, query string and JSON body, merged, are the action's input,
/// and its output is the response. Nothing else happens here.
public struct ActionRoute: Sendable {
    public var method: HTTPRequest.Method
    /// Under `/api/v1`, with `{name}` for path parameters (named as the action's fields).
    public var path: String
    public var action: String
    public var status: HTTPResponse.Status

    init(_ method: HTTPRequest.Method, _ path: String, _ action: String, status: HTTPResponse.Status = .ok) {
        self.method = method
        self.path = path
        self.action = action
        self.status = status
    }

    /// The path parameters' names.
    public var parameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// Every REST route that is an action.
    public static let all: [ActionRoute] = [
        .init(.post, "requests", "request_media", status: .created),
        .init(.get, "requests", "list_requests"),
        .init(.get, "requests/{id}", "get_request"),
        .init(.delete, "requests/{id}", "cancel_request"),
        .init(.post, "requests/{id}/retry", "retry_request"),
        .init(.post, "requests/{id}/confirm", "confirm_request"),
        .init(.get, "library/search", "search_library"),
        .init(.get, "library/calendar", "upcoming"),
        .init(.get, "library/wanted", "list_wanted"),
        .init(.get, "downloads", "list_downloads"),
        .init(.get, "downloads/history", "download_history"),
        .init(.get, "downloads/failed", "list_failed_downloads"),
        .init(.get, "downloads/{id}/explain", "explain_download"),
        .init(.post, "downloads/{id}/retry", "retry_download"),
        .init(.post, "downloads/{id}/pause", "pause_download"),
        .init(.post, "downloads/{id}/resume", "resume_download"),
        .init(.delete, "downloads/{id}", "remove_download"),
        .init(.post, "recovery/run", "run_recovery"),
        .init(.get, "recovery/attempts", "list_recovery_attempts"),
        .init(.post, "audit", "run_audit", status: .created),
        .init(.get, "audit/runs", "list_audit_runs"),
        .init(.get, "audit/runs/{id}", "get_audit_run"),
        .init(.get, "recommendations", "list_recommendations"),
        .init(.post, "recommendations/apply", "apply_recommendations"),
        .init(.get, "config/history", "list_config_changes"),
        .init(.post, "config/history/{id}/rollback", "rollback_change"),
        .init(.get, "activity", "search_activity"),
        .init(.get, "activity/correlation/{correlationId}", "get_correlation"),
        .init(.get, "services", "list_services"),
        .init(.post, "services/{name}/test", "test_service"),
        .init(.get, "system/status", "system_status"),
    ]
}

struct ActionController {
    let registry: ActionRegistry

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        for route in ActionRoute.all {
            group.on(RouterPath(route.path), method: route.method) { request, context in
                try await respond(route, request, context)
            }
        }
    }

    private func respond(_ route: ActionRoute, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let action = registry[route.action] else { throw AutoArrError(.notFound, "no action \(route.action)") }
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { parameters[String(name)] = String(value) }
        for name in route.parameters { parameters[name] = try context.parameters.require(name) }
        guard case .object(var arguments) = Self.input(action, text: parameters) else { throw AutoArrError(.invalidInput, "bad parameters") }
        if route.method == .post || route.method == .put {
            for (key, value) in try await Self.body(request, context) where arguments[key] == nil { arguments[key] = value }
        }
        let principal = context.principal?.principal ?? .apiKey
        let result = try await registry.call(route.action, arguments: .object(arguments), by: principal, ignoring: ["apikey"])
        return .json(try result.json(), status: route.status)
    }

    /// Query and path text, typed by the action's input schema.
    static func input(_ action: RegisteredAction, text: [String: String]) -> JSONValue {
        let properties = action.inputSchema["properties"]
        var object: [String: JSONValue] = [:]
        for (key, value) in text { object[key] = properties?[key].map { SchemaText.coerce(value, to: $0) } ?? .string(value) }
        return .object(object)
    }

    /// A JSON object body; none (or an empty one) is no fields.
    static func body(_ request: Request, _ context: AppRequestContext) async throws -> [String: JSONValue] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return [:] }
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "expected Content-Type: application/json")
        }
        let json: JSONValue
        do { json = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer)) } catch {
            throw AutoArrError(.invalidInput, "the body is not valid JSON", field: "body")
        }
        guard case .object(let members) = json else { throw AutoArrError(.invalidInput, "the body must be a JSON object", field: "body") }
        return members
    }
}
