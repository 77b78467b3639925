import Foundation
import Logging

/// Turns a parsed `autoarr.yml` document plus the environment into a typed `AppConfig`.
///
/// Precedence, lowest first: defaults, the file, legacy environment names (`SONARR_URL`), `AUTOARR_*` names.
public struct ConfigParser: Sendable {
    public var dataDir: String
    public var environment: [String: String]

    public init(dataDir: String, environment: [String: String]) {
        self.dataDir = dataDir
        self.environment = environment
    }

    /// Builds the configuration.
    /// - Parameter document: the file's content, or nil when there is no file.
    /// - Returns: the validated configuration.
    /// - Throws: `ConfigError` naming the first bad key or variable.
    public func parse(_ document: ConfigValue?) throws(ConfigError) -> AppConfig {
        var config = AppConfig(dataDir: dataDir)
        var drafts: [ServiceDraftSlot] = []
        do {
            if let document {
                let root = try Self.map(document, at: "", allowed: ["server", "database", "activity", "auth", "logLevel", "services", "requests"])
                if let server = root["server"] {
                    let map = try Self.map(server, at: "server", allowed: ["host", "port"])
                    if let host = map["host"] { config.server.host = try Self.string(host, at: "server.host") }
                    if let port = map["port"] { config.server.port = try Self.int(port, at: "server.port", in: 1...65535) }
                }
                if let database = root["database"] {
                    let map = try Self.map(database, at: "database", allowed: ["path"])
                    if let path = map["path"] { config.database.path = try Self.string(path, at: "database.path") }
                }
                if let activity = root["activity"] {
                    let map = try Self.map(activity, at: "activity", allowed: ["retentionDays"])
                    if let days = map["retentionDays"] {
                        config.activity.retentionDays = try Self.int(days, at: "activity.retentionDays", in: 1...3650)
                    }
                }
                if let auth = root["auth"] {
                    let map = try Self.map(auth, at: "auth", allowed: ["sessionTTL", "bcryptCost"])
                    if let ttl = map["sessionTTL"] { config.auth.sessionTTL = try Self.duration(ttl, at: "auth.sessionTTL") }
                    if let cost = map["bcryptCost"] { config.auth.bcryptCost = try Self.int(cost, at: "auth.bcryptCost", in: 4...31) }
                }
                if let requests = root["requests"] { config.requests = try Self.requests(requests) }
                if let level = root["logLevel"] { config.logLevel = try Self.logLevel(Self.string(level, at: "logLevel"), at: "logLevel") }
                if let services = root["services"] { drafts = try Self.serviceDrafts(services) }
            }
            try applyEnvironment(to: &config, drafts: &drafts)
            config.services = try Self.validate(drafts)
        } catch let error as FieldError {
            throw ConfigError(error)
        } catch {
            throw ConfigError(key: "config", expected: "a valid configuration", got: "\(error)")
        }
        return config
    }

    // MARK: - Environment

    /// The older project's variable names for a kind's fields, accepted alongside `AUTOARR_<KIND>_<FIELD>`.
    private static let legacyServiceVariables: [ServiceKind: [String: String]] = [
        .sonarr: ["URL": "SONARR_URL", "API_KEY": "SONARR_API_KEY"],
        .radarr: ["URL": "RADARR_URL", "API_KEY": "RADARR_API_KEY"],
        .sabnzbd: ["URL": "SABNZBD_URL", "API_KEY": "SABNZBD_API_KEY"],
        .plex: ["URL": "PLEX_URL", "TOKEN": "PLEX_TOKEN"],
    ]

    /// The value of the first set variable among `names`, with the name it came from.
    private func variable(_ names: [String]) -> (name: String, value: String)? {
        for name in names { if let value = environment[name], !value.isEmpty { return (name, value) } }
        return nil
    }

    private func applyEnvironment(to config: inout AppConfig, drafts: inout [ServiceDraftSlot]) throws {
        if let host = variable(["AUTOARR_HOST"]) { config.server.host = host.value }
        if let port = variable(["AUTOARR_PORT"]) { config.server.port = try Self.int(.scalar(port.value), at: port.name, in: 1...65535) }
        if let level = variable(["AUTOARR_LOG_LEVEL", "LOG_LEVEL"]) { config.logLevel = try Self.logLevel(level.value, at: level.name) }
        if let path = variable(["AUTOARR_DATABASE_PATH", "DATABASE_PATH"]) { config.database.path = Self.stripSQLiteScheme(path.value) }
        if let days = variable(["AUTOARR_ACTIVITY_RETENTION_DAYS"]) {
            config.activity.retentionDays = try Self.int(.scalar(days.value), at: days.name, in: 1...3650)
        }
        for kind in ServiceKind.allCases {
            let prefix = "AUTOARR_\(kind.rawValue.uppercased())_"
            let legacy = Self.legacyServiceVariables[kind] ?? [:]
            func lookup(_ suffix: String) -> (name: String, value: String)? {
                variable([prefix + suffix] + (legacy[suffix].map { [$0] } ?? []))
            }
            let fields: [(suffix: String, apply: (inout ServiceDraft, String) -> Void, field: String)] = [
                ("URL", { $0.url = $1 }, "url"),
                ("API_KEY", { $0.credentials.apiKey = $1 }, "apiKey"),
                ("TOKEN", { $0.credentials.token = $1 }, "token"),
                ("USERNAME", { $0.credentials.username = $1 }, "username"),
                ("PASSWORD", { $0.credentials.password = $1 }, "password"),
                ("TIMEOUT", { $0.timeout = $1 }, "timeout"),
            ]
            let found = fields.compactMap { entry in lookup(entry.suffix).map { (entry, $0) } }
            guard !found.isEmpty else { continue }
            // Variables for a kind configure the instance named after that kind.
            var index = drafts.firstIndex { $0.draft.name == kind.rawValue }
            if index == nil {
                guard found.contains(where: { $0.0.suffix == "URL" }) else {
                    throw FieldError(found[0].1.name, expected: "\(prefix)URL (or the service in autoarr.yml) to be set too")
                }
                drafts.append(ServiceDraftSlot(key: "services[\(kind.rawValue)]", draft: ServiceDraft(name: kind.rawValue, kind: kind.rawValue)))
                index = drafts.count - 1
            }
            for (entry, variable) in found {
                entry.apply(&drafts[index!].draft, variable.value)
                drafts[index!].environmentNames[entry.field] = variable.name
            }
        }
    }

    private static func stripSQLiteScheme(_ path: String) -> String {
        for scheme in ["sqlite+aiosqlite:///", "sqlite:///"] where path.hasPrefix(scheme) {
            return String(path.dropFirst(scheme.count))
        }
        return path
    }

    // MARK: - Services

    /// A draft plus where each of its fields came from, so an error names the right key or variable.
    private struct ServiceDraftSlot {
        var key: String
        var draft: ServiceDraft
        var environmentNames: [String: String] = [:]
    }

    private static let serviceKeys = ["name", "kind", "url", "apiKey", "username", "password", "token", "timeout", "tags"]

    private static func serviceDrafts(_ value: ConfigValue) throws -> [ServiceDraftSlot] {
        guard case .list(let items) = value else {
            if value == .null { return [] }
            throw FieldError("services", expected: "a list of service instances")
        }
        return try items.enumerated().map { index, item in
            let key = "services[\(index)]"
            let map = try Self.map(item, at: key, allowed: serviceKeys)
            func text(_ name: String) throws -> String? {
                try map[name].map { try Self.string($0, at: "\(key).\(name)") }
            }
            var draft = ServiceDraft(
                name: try text("name"), kind: try text("kind"), url: try text("url"),
                credentials: ServiceCredentials(
                    apiKey: try text("apiKey"), username: try text("username"),
                    password: try text("password"), token: try text("token")),
                timeout: try text("timeout"))
            if let tags = map["tags"] {
                guard case .list(let values) = tags else { throw FieldError("\(key).tags", expected: "a list such as [default, 4k]") }
                draft.tags = try values.enumerated().map { try Self.string($1, at: "\(key).tags[\($0)]") }
            }
            return ServiceDraftSlot(key: key, draft: draft)
        }
    }

    private static func validate(_ slots: [ServiceDraftSlot]) throws -> [ServiceInstance] {
        var seen = Set<String>()
        return try slots.map { slot in
            let instance: ServiceInstance
            do {
                instance = try slot.draft.validated(source: .config)
            } catch let error as FieldError {
                if let variable = slot.environmentNames[error.field] {
                    throw FieldError(variable, expected: error.expected, got: ServiceCredentials.Field(rawValue: error.field) == nil ? error.got : nil)
                }
                throw error.nested(under: slot.key)
            }
            guard seen.insert(instance.name).inserted else {
                throw FieldError("\(slot.key).name", expected: "a unique name", got: instance.name)
            }
            return instance
        }
    }

    // MARK: - Requests

    private static func requests(_ value: ConfigValue) throws -> AppConfig.Requests {
        var requests = AppConfig.Requests()
        let map = try map(value, at: "requests", allowed: ["minimumAvailability", "instances"])
        if let availability = map["minimumAvailability"] {
            let text = try string(availability, at: "requests.minimumAvailability")
            guard ["announced", "inCinemas", "released"].contains(text) else {
                throw FieldError("requests.minimumAvailability", expected: "announced, inCinemas or released", got: text)
            }
            requests.minimumAvailability = text
        }
        guard let instances = map["instances"] else { return requests }
        guard case .map(let pairs) = instances else { throw FieldError("requests.instances", expected: "a mapping of instance names to settings") }
        for (name, settings) in pairs {
            let key = "requests.instances.\(name)"
            let fields = try Self.map(settings, at: key, allowed: ["qualityProfiles", "rootFolder"])
            var defaults = AppConfig.Requests.InstanceDefaults()
            if let folder = fields["rootFolder"] { defaults.rootFolder = try string(folder, at: "\(key).rootFolder") }
            if let profiles = fields["qualityProfiles"] {
                let allowed = ParsedRequest.Quality.allCases.map(\.rawValue)
                for (quality, profile) in try Self.map(profiles, at: "\(key).qualityProfiles", allowed: allowed) {
                    defaults.qualityProfiles[ParsedRequest.Quality(rawValue: quality)!] = try string(profile, at: "\(key).qualityProfiles.\(quality)")
                }
            }
            requests.instances[name] = defaults
        }
        return requests
    }

    // MARK: - Scalars

    private static func map(_ value: ConfigValue, at key: String, allowed: [String]) throws -> [String: ConfigValue] {
        let label = key.isEmpty ? "config" : key
        guard case .map(let pairs) = value else {
            if value == .null { return [:] }
            throw FieldError(label, expected: "a mapping of keys to values")
        }
        var result: [String: ConfigValue] = [:]
        for (name, child) in pairs {
            let path = key.isEmpty ? name : "\(key).\(name)"
            guard allowed.contains(name) else { throw FieldError(path, expected: "one of the known keys: \(allowed.joined(separator: ", "))") }
            guard result.updateValue(child, forKey: name) == nil else { throw FieldError(path, expected: "the key only once") }
        }
        return result
    }

    private static func string(_ value: ConfigValue, at key: String) throws -> String {
        switch value {
        case .scalar(let text): return text
        case .null: throw FieldError(key, expected: "a value")
        default: throw FieldError(key, expected: "a single value, not a list or mapping")
        }
    }

    private static func int(_ value: ConfigValue, at key: String, in range: ClosedRange<Int>) throws -> Int {
        let text = try string(value, at: key)
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw FieldError(key, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)", got: text)
        }
        return number
    }

    private static func duration(_ value: ConfigValue, at key: String) throws -> Double {
        let text = try string(value, at: key)
        guard let seconds = DurationText.seconds(text), seconds > 0 else {
            throw FieldError(key, expected: "a positive duration such as 30s, 12h or 7d", got: text)
        }
        return seconds
    }

    private static func logLevel(_ text: String, at key: String) throws -> Logger.Level {
        let lowered = text.lowercased()
        if let level = Logger.Level(rawValue: lowered == "warn" ? "warning" : lowered) { return level }
        throw FieldError(key, expected: "one of trace, debug, info, notice, warning, error, critical", got: text)
    }
}
