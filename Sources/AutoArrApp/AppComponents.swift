import AutoArrCore
import AutoArrIntegrations
import AutoArrStorage
import Logging

/// Everything the app is made of, opened from a configuration. The CLI's one-shot commands
/// (`user create`, `apikey`) use it without starting the server.
public struct AppComponents: Sendable {
    public let config: AppConfig
    public let database: AppDatabase
    public let bus: EventBus
    public let auth: AuthService
    public let services: ServiceRegistry
    public let health: InstanceHealth
    public let connections: ConnectionChecker
    public let requests: RequestService
    /// The language model providers, `rules` last; used for requests the parser is unsure of.
    public let llm: LLMChain
    /// Download monitoring and automatic recovery.
    public let monitor: DownloadMonitor
    public let recovery: RecoveryEngine
    public let downloads: any DownloadControls & RecoveryActions
    /// The configuration audit, its fixes and their rollback.
    public let audit: AuditService
    /// Every action, behind every door (REST, CLI, MCP).
    public let actions: ActionRegistry
    public let logger: Logger

    /// Opens the database (migrating it), syncs the configured service instances into it and makes sure an API key exists.
    /// - Parameter probe: how instances' connections are tested; the real clients unless a test says otherwise.
    /// - Throws: `StorageError` when the database or key file cannot be opened.
    public static func open(
        _ config: AppConfig, logger: Logger, probe: (any ServiceProbe)? = nil
    ) async throws -> AppComponents {
        let transport = HTTPTransport(logger: logger)
        let database = try AppDatabase(path: config.databasePath, dataDir: config.dataDir)
        try await database.services.replaceConfigInstances(config.services)
        let bus = EventBus(store: database.activity, logger: logger, onPublish: AppMetrics.count)
        let auth = AuthService(
            store: database.auth, hasher: BcryptHasher(cost: UInt8(config.auth.bcryptCost)), bus: bus,
            sessionTTL: config.auth.sessionTTL)
        if try await auth.ensureAPIKey().created {
            logger.notice("created an API key; `autoarr apikey show --data-dir \(config.dataDir)` prints it")
        }
        let health = InstanceHealth()
        let services = ServiceRegistry(store: database.services, bus: bus, health: health)
        let library = ServarrMediaLibrary(transport: transport)
        let requests = RequestService(store: database.requests, bus: bus, services: services, library: library)
        await requests.configure(config.requests)
        let llm = llmChain(config.llm)
        if config.llm.providers.contains(where: { $0.kind != .rules }) { await requests.setInterpreter(ChainInterpreter(chain: llm)) }
        let gateway = DownloadGateway(transport: transport, fallbackProfiles: config.monitor.fallbackProfiles,
                                      instance: { try await services.instance(named: $0) })
        let recovery = RecoveryEngine(store: database.recovery, bus: bus, actions: gateway, planner: RecoveryPlanner(settings: config.monitor.recovery),
                                      dryRun: config.monitor.dryRun)
        let monitor = DownloadMonitor(services: services, sources: gateway, engine: recovery, bus: bus, health: health,
                                      stall: config.monitor.stall, protectTags: config.monitor.protectTags)
        let audit = AuditService(rules: try AuditCatalogue.bundled(), store: database.audit, gateway: ServiceSettingsGateway(transport: transport),
                                 services: services, bus: bus,
                                 summarize: config.llm.providers.contains(where: { $0.kind != .rules }) ? AuditService.summarizer(llm) : nil)
        let connections = ConnectionChecker(registry: services, probe: probe ?? IntegrationProbe(transport: transport), health: health, bus: bus)
        let actions = ActionRegistry.catalogue(ActionDependencies(
            requests: requests, activity: database.activity, monitor: monitor, recovery: recovery, recoveryStore: database.recovery, audit: audit,
            services: services, connections: connections, system: database.system, library: library, bus: bus, version: AutoArrVersion.current,
            dataDir: config.dataDir))
        return AppComponents(
            config: config, database: database, bus: bus, auth: auth, services: services, health: health, connections: connections,
            requests: requests, llm: llm, monitor: monitor, recovery: recovery, downloads: gateway, audit: audit, actions: actions,
            logger: logger)
    }

    /// The configured language model providers as a chain, `rules` last, reporting to the metrics.
    public static func llmChain(_ config: AppConfig.LLM) -> LLMChain {
        LLMChain(LLMProviders.make(config), observer: AppMetrics.record)
    }
}
