import AutoArrCore
import AutoArrIntegrations
import AutoArrMCP
import AutoArrServer
import Foundation
import Hummingbird
import Logging
import MCP
import ServiceLifecycle

/// Builds the whole application from a configuration: the one function the CLI, the demo and the tests all call.
/// - Throws: `StorageError` or `StartupError` when something it needs cannot be opened.
public func buildApplication(config: AppConfig, logger: Logger) async throws -> some ApplicationProtocol {
    try await buildApplication(AppComponents.open(config, logger: logger))
}

/// Builds the application around already opened components.
/// - Parameter services: more services to run and stop with the server (the demo's simulated stack).
public func buildApplication(_ components: AppComponents, services: [any Service] = []) async throws -> some ApplicationProtocol {
    if try await components.auth.isSetupRequired() {
        components.logger.notice("no admin user yet: run `autoarr user create --username NAME` or POST /api/v1/auth/setup")
    }
    return try buildServer(try components.serverEnvironment(), services: components.backgroundServices + services)
}

extension AppComponents {
    /// What the HTTP server is built on, MCP at `/mcp` included.
    public func serverEnvironment() throws -> ServerEnvironment {
        _ = AppMetrics.registry
        let mcp = MCPHTTPSessions(tools: mcpServer(readOnly: config.mcp.readOnly), logger: logger)
        return ServerEnvironment(
            host: config.server.host, port: config.server.port, logger: logger, auth: auth, sessionTTL: config.auth.sessionTTL, bus: bus,
            system: database.system, services: services, health: health, activity: database.activity, requests: requests, llm: llm,
            actions: actions, openAPI: try OpenAPIDocument.build(actions), metrics: { AppMetrics.registry.emitToBuffer() },
            mcp: { request in await Self.respond(mcp, request) })
    }

    /// The MCP server over these components' actions.
    public func mcpServer(readOnly: Bool) -> MCPToolServer {
        MCPToolServer(registry: actions, readOnly: readOnly, bus: bus, activity: database.activity, monitor: monitor)
    }

    private static func respond(_ sessions: MCPHTTPSessions, _ request: StreamingRequest) async -> StreamingResponse {
        let reply = await sessions.handle(MCP.HTTPRequest(method: request.method, headers: request.headers, body: request.body, path: "/mcp"))
        switch reply {
        case .stream(let stream, let headers): return StreamingResponse(status: reply.statusCode, headers: headers, body: .stream(stream))
        default: return StreamingResponse(status: reply.statusCode, headers: reply.headers, body: reply.bodyData.map { .data($0) } ?? .empty)
        }
    }

    /// The work that runs beside the server: retention, request tracking, the monitor and the recovery webhook.
    public var backgroundServices: [any Service] {
        var services: [any Service] = [
            RetentionService(retention: ActivityRetention(store: database.activity, bus: bus, retentionDays: config.activity.retentionDays),
                             auth: auth, logger: logger),
            RequestTracker(requests: requests, interval: .seconds(30)),
        ]
        if let url = config.monitor.notifyURL {
            services.append(RecoveryNotifier(bus: bus, webhook: Webhook(url: url), logger: logger))
        }
        if config.monitor.enabled {
            services.append(DownloadMonitorService(
                monitor: monitor, interval: .milliseconds(Int64(config.monitor.interval * 1000)),
                fastInterval: .milliseconds(Int64(config.monitor.fastInterval * 1000))))
        }
        return services
    }
}
