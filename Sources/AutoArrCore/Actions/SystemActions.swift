import Foundation

/// A connection test's outcome, as every door shows it.
public struct ConnectionResource: ActionOutput {
    public struct Failure: Codable, Sendable {
        public var code: String
        public var message: String
        public var details: [String]?
    }

    public var name: String
    public var kind: String
    /// `ok` or `failed`.
    public var status: String
    public var version: String?
    public var latencyMs: Double
    public var checkedAt: Date
    public var error: Failure?

    public init(_ result: ConnectionResult) {
        name = result.name
        kind = result.kind.rawValue
        status = result.isOK ? "ok" : "failed"
        version = result.version
        latencyMs = (result.latency / .microseconds(1)).rounded() / 1000
        checkedAt = result.checkedAt
        error = result.error.map { Failure(code: $0.code.rawValue, message: $0.message, details: $0.details.isEmpty ? nil : $0.details) }
    }

    public var text: String {
        status == "ok" ? "\(name) (\(kind)): ok, version \(version ?? "?"), \(latencyMs) ms"
            : "\(name) (\(kind)): failed — \(error.map { "\($0.code): \($0.message)" } ?? "")"
    }
}

/// A service instance as every door shows it: secrets appear only as the mask.
public struct ServiceResource: ActionOutput {
    public static let mask = "********"

    public var name: String
    public var kind: String
    public var url: String
    public var apiKey: String?
    public var username: String?
    public var password: String?
    public var token: String?
    public var timeout: Double
    public var tags: [String]
    public var source: String

    public init(_ instance: ServiceInstance) {
        name = instance.name
        kind = instance.kind.rawValue
        url = instance.url.absoluteString
        username = instance.credentials.username
        apiKey = instance.credentials.apiKey.map { _ in Self.mask }
        password = instance.credentials.password.map { _ in Self.mask }
        token = instance.credentials.token.map { _ in Self.mask }
        timeout = instance.timeout
        tags = instance.tags
        source = instance.source.rawValue
    }

    public var text: String { "\(name) (\(kind)) at \(url)\(tags.isEmpty ? "" : " [\(tags.joined(separator: ", "))]")" }
}

public struct ServiceList: ActionOutput {
    public var services: [ServiceResource]
    public var text: String { services.isEmpty ? "No services configured." : services.map(\.text).joined(separator: "\n") }
}

struct ListServices: Action {
    static let name = "list_services"
    static let title = "Connected services"
    static let summary = "The configured Sonarr, Radarr, download client and media server instances, by name and kind (secrets masked)."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: NoInput, by principal: Principal) async throws -> ServiceList {
        ServiceList(services: try await deps.services.list().map(ServiceResource.init))
    }
}

struct TestService: Action {
    struct Input: ActionInput {
        var name = ""
        static var fields: [InputField<Self>] { [.required("name", \.name, "The instance's name, from list_services.", .nonEmpty)] }
    }

    static let name = "test_service"
    static let title = "Test a service's connection"
    static let summary = "Connects to one instance now and says whether it answers, its version and latency, or what went wrong."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: Input, by principal: Principal) async throws -> ConnectionResource {
        ConnectionResource(try await deps.connections.check(named: input.name))
    }
}

public struct SystemStatusResource: ActionOutput {
    public var version: String
    public var uptimeSeconds: Double
    public var dataDir: String
    public var schemaVersion: Int
    public var rowCounts: [String: Int]

    public var text: String {
        "AutoArr \(version), up \(Int(uptimeSeconds)) s, schema \(schemaVersion); "
            + rowCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

struct SystemStatus: Action {
    static let name = "system_status"
    static let title = "AutoArr's own status"
    static let summary = "AutoArr's version, uptime, data directory, database schema version and row counts."
    static let traits = ActionTraits.read
    let deps: ActionDependencies

    func run(_ input: NoInput, by principal: Principal) async throws -> SystemStatusResource {
        SystemStatusResource(version: deps.version, uptimeSeconds: Date().timeIntervalSince(deps.startedAt), dataDir: deps.dataDir,
                             schemaVersion: try await deps.system.schemaVersion(), rowCounts: try await deps.system.rowCounts())
    }
}
