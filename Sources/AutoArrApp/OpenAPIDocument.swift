import AutoArrCore
import AutoArrServer
import Foundation
import Yams

/// The OpenAPI document: `openapi.yaml` for what is not an action (auth, service CRUD, health, the WebSocket), and for every
/// action route an operation generated from the action itself: its summary, its input as parameters and body, its output
/// as the response. Nothing about an action is written twice.
public enum OpenAPIDocument {
    /// The bundled `openapi.yaml`, parsed.
    public static func handWritten() throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources") else {
            throw StartupError("openapi.yaml is missing from the bundle")
        }
        guard let document = try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any] else {
            throw StartupError("openapi.yaml is empty or not a mapping")
        }
        return document
    }

    /// The whole document. - Throws: `StartupError` when a route names an action the registry lacks (a build defect).
    public static func document(_ registry: ActionRegistry) throws -> [String: Any] {
        var document = try handWritten()
        var paths = document["paths"] as? [String: Any] ?? [:]
        for route in ActionRoute.all {
            guard let action = registry[route.action] else { throw StartupError("route \(route.path) names no action \(route.action)") }
            let path = "/api/v1/" + route.path
            var item = paths[path] as? [String: Any] ?? [:]
            item[route.method.rawValue.lowercased()] = operation(route, action, handWritten: item[route.method.rawValue.lowercased()] as? [String: Any])
            paths[path] = item
        }
        document["paths"] = paths
        return document
    }

    public static func build(_ registry: ActionRegistry) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: document(registry), options: [.sortedKeys]))
    }

    static func operation(_ route: ActionRoute, _ action: RegisteredAction, handWritten: [String: Any]?) -> [String: Any] {
        let properties = action.inputSchema["properties"]?.objectValue ?? [:]
        let required = Set((action.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        var parameters: [[String: Any]] = route.parameters.map { name in
            ["name": name, "in": "path", "required": true, "schema": any(properties[name] ?? ["type": "string"])]
        }
        var operation: [String: Any] = [
            "summary": handWritten?["summary"] as? String ?? action.title,
            "description": action.summary,
            "operationId": action.name,
            "x-action": action.name,
        ]
        let rest = properties.filter { !route.parameters.contains($0.key) }
        if route.method == .post || route.method == .put {
            if !rest.isEmpty {
                var body: JSONValue = ["type": "object", "properties": .object(rest), "additionalProperties": false]
                let needed = required.subtracting(route.parameters).sorted()
                if !needed.isEmpty { body["required"] = .array(needed.map(JSONValue.string)) }
                operation["requestBody"] = ["required": !needed.isEmpty, "content": ["application/json": ["schema": any(body)]]]
            }
        } else {
            parameters += rest.keys.sorted().map { name in
                let schema = rest[name]!
                // A list is given comma-separated in a query string.
                let queryable: JSONValue = schema["type"] == "array" ? ["type": "string", "description": .string("comma-separated: " + (schema["description"]?.stringValue ?? ""))] : schema
                return ["name": name, "in": "query", "required": required.contains(name), "schema": any(queryable)]
            }
        }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        var responses: [String: Any] = [
            String(route.status.code): ["description": action.title, "content": ["application/json": ["schema": any(action.outputSchema)]]],
            "400": ["$ref": "#/components/responses/Error"], "401": ["$ref": "#/components/responses/Error"],
        ]
        if !route.parameters.isEmpty { responses["404"] = ["$ref": "#/components/responses/Error"] }
        if !action.traits.readOnly || route.action == "test_service" { responses["503"] = ["$ref": "#/components/responses/Error"] }
        operation["responses"] = responses
        return operation
    }

    /// JSON as Foundation objects, for `JSONSerialization`.
    static func any(_ json: JSONValue) -> Any {
        switch json {
        case .null: NSNull()
        case .bool(let flag): flag
        case .number(let number): Int(exactly: number).map { $0 as Any } ?? number
        case .string(let text): text
        case .array(let items): items.map(any)
        case .object(let members): members.mapValues(any)
        }
    }
}
