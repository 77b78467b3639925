import AutoArrCore
import Foundation
import Hummingbird
import ServiceLifecycle
import HummingbirdWebSocket
import Logging
import NIOCore

/// What the server is built on: Core's services and the action registry, and a few things the composition root makes.
public struct ServerEnvironment: Sendable {
    public var host: String
    public var port: Int
    public var logger: Logger
    public var auth: AuthService
    public var sessionTTL: TimeInterval
    public var bus: EventBus
    public var system: any SystemStore
    public var services: ServiceRegistry
    public var health: InstanceHealth
    public var activity: any ActivityStore
    public var requests: RequestService
    public var llm: LLMChain
    public var actions: ActionRegistry
    /// The OpenAPI document, as JSON.
    public var openAPI: [UInt8]
    /// The Prometheus text format of the metrics.
    public var metrics: @Sendable () -> [UInt8]
    /// MCP's Streamable HTTP endpoint, served at `/mcp` behind the API key; nil serves none.
    public var mcp: StreamingHandler?

    public init(host: String, port: Int, logger: Logger, auth: AuthService, sessionTTL: TimeInterval, bus: EventBus, system: any SystemStore,
                services: ServiceRegistry, health: InstanceHealth, activity: any ActivityStore, requests: RequestService, llm: LLMChain,
                actions: ActionRegistry, openAPI: [UInt8], metrics: @escaping @Sendable () -> [UInt8], mcp: StreamingHandler?) {
        self.host = host
        self.port = port
        self.logger = logger
        self.auth = auth
        self.sessionTTL = sessionTTL
        self.bus = bus
        self.system = system
        self.services = services
        self.health = health
        self.activity = activity
        self.requests = requests
        self.llm = llm
        self.actions = actions
        self.openAPI = openAPI
        self.metrics = metrics
        self.mcp = mcp
    }
}

/// Builds the HTTP application: routes, WebSocket and the given background services.
public func buildServer(_ environment: ServerEnvironment, services: [any Service]) throws -> some ApplicationProtocol {
    let router = try buildRouter(environment)
    var app = Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: router,
            configuration: .init(http1: .init(additionalChannelHandlers: [RefusedUpgradeResponder()]), ws: .init(autoPing: .enabled(timePeriod: .seconds(30))))),
        configuration: .init(address: .hostname(environment.host, port: environment.port), serverName: "AutoArr"),
        onServerRunning: { channel in
            await environment.bus.publish(Event(
                .systemStarted, message: "AutoArr \(AutoArrVersion.current) started",
                data: ["address": .string(channel.localAddress?.description ?? "")]))
        },
        logger: environment.logger)
    app.addServices(services)
    return app
}

/// Every route, with its middleware: metrics outermost, then JSON errors, then auth on protected routes.
public func buildRouter(_ environment: ServerEnvironment) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    MetricsController(render: environment.metrics).addRoutes(to: router)
    try WebUIController().addRoutes(to: router)

    let api = router.group("api/v1")
    HealthController(system: environment.system, services: environment.services, health: environment.health).addRoutes(to: api)
    // Ten password attempts at once per client IP, then one every six seconds.
    let authController = AuthController(auth: environment.auth, sessionTTL: environment.sessionTTL, attempts: RateLimiter(capacity: 10, perMinute: 10))
    authController.addPublicRoutes(to: api)

    let protected = api.group().add(middleware: AuthMiddleware(auth: environment.auth))
    authController.addProtectedRoutes(to: protected)
    ActionController(registry: environment.actions).addRoutes(to: protected)
    ServicesController(registry: environment.services).addRoutes(to: protected)
    ActivityController(store: environment.activity).addRoutes(to: protected)
    RequestsController(requests: environment.requests).addRoutes(to: protected)
    LLMController(chain: environment.llm).addRoutes(to: protected)
    EventsSocket(bus: environment.bus).addRoutes(to: protected)
    OpenAPIController(document: ByteBuffer(bytes: environment.openAPI)).addRoutes(to: protected)
    if let mcp = environment.mcp {
        MCPController(handler: mcp).addRoutes(to: router.group("mcp").add(middleware: AuthMiddleware(auth: environment.auth)))
    }
    return router
}
