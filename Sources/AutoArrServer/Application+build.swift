import AutoArrCore
import AutoArrIntegrations
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle

/// Builds the whole application from a configuration: the one function the CLI, the demo and the tests all call.
/// - Throws: `StorageError` or `StartupError` when something it needs cannot be opened.
public func buildApplication(config: AppConfig, logger: Logger) async throws -> some ApplicationProtocol {
    try await buildApplication(AppComponents.open(config, logger: logger))
}

/// Builds the application around already opened components.
/// - Parameter services: more services to run and stop with the server (the demo's simulated stack).
public func buildApplication(_ components: AppComponents, services: [any Service] = []) async throws -> some ApplicationProtocol {
    let config = components.config
    let router = try buildRouter(components)
    if try await components.auth.isSetupRequired() {
        components.logger.notice("no admin user yet: run `autoarr user create --username NAME` or POST /api/v1/auth/setup")
    }
    var app = Application(
        router: router,
        server: .http1WebSocketUpgrade(
            webSocketRouter: router,
            configuration: .init(http1: .init(additionalChannelHandlers: [RefusedUpgradeResponder()]), ws: .init(autoPing: .enabled(timePeriod: .seconds(30))))),
        configuration: .init(address: .hostname(config.server.host, port: config.server.port), serverName: "AutoArr"),
        onServerRunning: { channel in
            await components.bus.publish(Event(
                .systemStarted, message: "AutoArr \(AutoArrVersion.current) started",
                data: ["address": .string(channel.localAddress?.description ?? "")]))
        },
        logger: components.logger)
    app.addServices(RetentionService(
        retention: ActivityRetention(store: components.database.activity, bus: components.bus, retentionDays: config.activity.retentionDays),
        auth: components.auth, logger: components.logger))
    app.addServices(RequestTracker(requests: components.requests, interval: .seconds(30)))
    if let url = config.monitor.notifyURL {
        app.addServices(RecoveryNotifier(bus: components.bus, webhook: Webhook(url: url), logger: components.logger))
    }
    if config.monitor.enabled {
        app.addServices(DownloadMonitorService(
            monitor: components.monitor, interval: .milliseconds(Int64(config.monitor.interval * 1000)),
            fastInterval: .milliseconds(Int64(config.monitor.fastInterval * 1000))))
    }
    app.addServices(services)
    return app
}

/// Every route, with its middleware: metrics outermost, then JSON errors, then auth on protected routes.
func buildRouter(_ components: AppComponents) throws -> Router<AppRequestContext> {
    _ = AppMetrics.registry
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    MetricsController().addRoutes(to: router)
    try WebUIController().addRoutes(to: router)

    let api = router.group("api/v1")
    HealthController(system: components.database.system, services: components.services, health: components.health).addRoutes(to: api)
    // Ten password attempts at once per client IP, then one every six seconds.
    let authController = AuthController(
        auth: components.auth, sessionTTL: components.config.auth.sessionTTL, attempts: RateLimiter(capacity: 10, perMinute: 10))
    authController.addPublicRoutes(to: api)

    let protected = api.group().add(middleware: AuthMiddleware(auth: components.auth))
    authController.addProtectedRoutes(to: protected)
    SystemController(system: components.database.system, dataDir: components.config.dataDir, startedAt: .now).addRoutes(to: protected)
    ServicesController(registry: components.services, connections: components.connections).addRoutes(to: protected)
    ActivityController(store: components.database.activity).addRoutes(to: protected)
    RequestsController(requests: components.requests, activity: components.database.activity).addRoutes(to: protected)
    LLMController(chain: components.llm).addRoutes(to: protected)
    DownloadsController(monitor: components.monitor, controls: components.downloads, store: components.database.recovery, bus: components.bus).addRoutes(to: protected)
    AuditController(audit: components.audit).addRoutes(to: protected)
    EventsSocket(bus: components.bus).addRoutes(to: protected)
    try OpenAPIController().addRoutes(to: protected)
    return router
}
