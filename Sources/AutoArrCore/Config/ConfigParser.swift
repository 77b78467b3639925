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
                let root = try Self.map(document, at: "", allowed: ["server", "database", "activity", "auth", "logLevel", "services", "requests", "llm", "monitor", "mcp"])
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
                if let llm = root["llm"] { config.llm = try Self.llm(llm) }
                if let mcp = root["mcp"] {
                    let map = try Self.map(mcp, at: "mcp", allowed: ["readOnly"])
                    if let value = map["readOnly"] {
                        let text = try Self.string(value, at: "mcp.readOnly").lowercased()
                        guard ["true", "false"].contains(text) else { throw FieldError("mcp.readOnly", expected: "true or false", got: text) }
                        config.mcp.readOnly = text == "true"
                    }
                }
                if let monitor = root["monitor"] { config.monitor = try Self.monitor(monitor) }
                if let level = root["logLevel"] { config.logLevel = try Self.logLevel(Self.string(level, at: "logLevel"), at: "logLevel") }
                if let services = root["services"] { drafts = try Self.serviceDrafts(services) }
            }
            try applyEnvironment(to: &config, drafts: &drafts)
            try applyLLMEnvironment(to: &config.llm)
            try Self.validate(config.llm)
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

    // MARK: - Monitor

    private static func monitor(_ value: ConfigValue) throws -> AppConfig.Monitor {
        var monitor = AppConfig.Monitor()
        let map = try map(value, at: "monitor", allowed: [
            "enabled", "interval", "fastInterval", "stallAfter", "strikes", "minimumSpeedKB", "slowChecks", "maxAttempts", "backoffBase", "backoffCap",
            "qualityFallback", "fallbackAfter", "fallbackProfiles", "protectTags", "deletePrivateTorrentData", "dryRun", "notifyURL", "grabGrace",
        ])
        func flag(_ key: String) throws -> Bool? {
            guard let value = map[key] else { return nil }
            let text = try string(value, at: "monitor.\(key)").lowercased()
            guard ["true", "false", "yes", "no"].contains(text) else { throw FieldError("monitor.\(key)", expected: "true or false", got: text) }
            return text == "true" || text == "yes"
        }
        func seconds(_ key: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let value = map[key] else { return nil }
            let seconds = try duration(value, at: "monitor.\(key)")
            guard range.contains(seconds) else {
                throw FieldError("monitor.\(key)", expected: "a duration from \(Int(range.lowerBound))s to \(Int(range.upperBound))s", got: "\(Int(seconds))s")
            }
            return seconds
        }
        if let value = try seconds("interval", 5...3600) { monitor.interval = value }
        if let value = try seconds("fastInterval", 1...600) { monitor.fastInterval = value }
        if let value = try seconds("stallAfter", 60...86400) { monitor.stall.stallAfter = value }
        if let value = map["strikes"] { monitor.stall.strikes = try int(value, at: "monitor.strikes", in: 1...20) }
        if let value = map["minimumSpeedKB"] { monitor.stall.minimumSpeed = Int64(try int(value, at: "monitor.minimumSpeedKB", in: 1...1_000_000)) * 1024 }
        if let value = map["slowChecks"] { monitor.stall.slowChecks = try int(value, at: "monitor.slowChecks", in: 1...100) }
        if let value = map["maxAttempts"] { monitor.recovery.maxAttempts = try int(value, at: "monitor.maxAttempts", in: 1...20) }
        if let value = try seconds("backoffBase", 1...86400) { monitor.recovery.backoffBase = value }
        if let value = try seconds("backoffCap", 1...604_800) { monitor.recovery.backoffCap = value }
        if let value = try seconds("grabGrace", 60...86400) { monitor.recovery.grabGrace = value }
        if let value = try flag("qualityFallback") { monitor.recovery.qualityFallback = value }
        if let value = map["fallbackAfter"] { monitor.recovery.qualityFallbackAfter = try int(value, at: "monitor.fallbackAfter", in: 1...20) }
        if let value = try flag("deletePrivateTorrentData") { monitor.recovery.deletePrivateTorrentData = value }
        if let value = try flag("dryRun") { monitor.dryRun = value }
        if let value = try flag("enabled") { monitor.enabled = value }
        if let value = map["notifyURL"] {
            let text = try string(value, at: "monitor.notifyURL")
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw FieldError("monitor.notifyURL", expected: "an http(s) URL with a host", got: text)
            }
            monitor.notifyURL = url
        }
        if let profiles = map["fallbackProfiles"] {
            guard case .map(let pairs) = profiles else { throw FieldError("monitor.fallbackProfiles", expected: "a mapping of *arr instance names to quality profiles") }
            for (name, profile) in pairs { monitor.fallbackProfiles[name] = try string(profile, at: "monitor.fallbackProfiles.\(name)") }
        }
        if let tags = map["protectTags"] {
            guard case .list(let items) = tags else { throw FieldError("monitor.protectTags", expected: "a list of tags") }
            monitor.protectTags = try items.enumerated().map { try string($1, at: "monitor.protectTags[\($0)]") }
        }
        return monitor
    }

    // MARK: - LLM

    private static let providerKeys = ["name", "kind", "url", "model", "apiKey", "timeout", "autoPull"]

    private static func llm(_ value: ConfigValue) throws -> AppConfig.LLM {
        var llm = AppConfig.LLM()
        let map = try map(value, at: "llm", allowed: ["providers", "chain"])
        if let providers = map["providers"] {
            guard case .list(let items) = providers else { throw FieldError("llm.providers", expected: "a list of providers") }
            for (index, item) in items.enumerated() {
                let key = "llm.providers[\(index)]"
                let fields = try Self.map(item, at: key, allowed: providerKeys)
                guard let name = try fields["name"].map({ try string($0, at: "\(key).name") }), !name.isEmpty else {
                    throw FieldError("\(key).name", expected: "a name")
                }
                let kindText = try fields["kind"].map { try string($0, at: "\(key).kind") } ?? ""
                guard let kind = AppConfig.LLM.Provider.Kind(rawValue: kindText) else {
                    throw FieldError("\(key).kind", expected: "one of rules, ollama, openai, anthropic", got: kindText)
                }
                var provider = AppConfig.LLM.Provider(name: name, kind: kind)
                if let url = fields["url"] {
                    let text = try string(url, at: "\(key).url")
                    guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                        throw FieldError("\(key).url", expected: "an http(s) URL with a host", got: text)
                    }
                    provider.url = parsed
                }
                if let model = fields["model"] { provider.model = try string(model, at: "\(key).model") }
                if let apiKey = fields["apiKey"] { provider.apiKey = try string(apiKey, at: "\(key).apiKey") }
                if let timeout = fields["timeout"] { provider.timeout = try duration(timeout, at: "\(key).timeout") }
                if let autoPull = fields["autoPull"] {
                    let text = try string(autoPull, at: "\(key).autoPull").lowercased()
                    guard ["true", "false", "yes", "no"].contains(text) else { throw FieldError("\(key).autoPull", expected: "true or false", got: text) }
                    provider.autoPull = text == "true" || text == "yes"
                }
                llm.providers.append(provider)
            }
        }
        if let chain = map["chain"] {
            guard case .list(let names) = chain else { throw FieldError("llm.chain", expected: "a list of provider names") }
            llm.chain = try names.enumerated().map { try string($1, at: "llm.chain[\($0)]") }
        }
        return llm
    }

    /// OLLAMA_URL/OLLAMA_MODEL, OPENAI_BASE_URL/OPENAI_API_KEY/OPENAI_MODEL, ANTHROPIC_API_KEY/ANTHROPIC_MODEL add (or
    /// override) the providers named ollama, openai and anthropic.
    private func applyLLMEnvironment(to llm: inout AppConfig.LLM) throws {
        func upsert(_ provider: AppConfig.LLM.Provider) {
            if let index = llm.providers.firstIndex(where: { $0.name == provider.name }) { llm.providers[index] = provider } else { llm.providers.append(provider) }
            if !llm.chain.isEmpty, !llm.chain.contains(provider.name) { llm.chain.insert(provider.name, at: max(0, llm.chain.count)) }
        }
        func url(_ variable: String, _ text: String) throws -> URL {
            guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw FieldError(variable, expected: "an http(s) URL with a host", got: text)
            }
            return parsed
        }
        if let base = variable(["OLLAMA_URL"]) {
            guard let model = variable(["OLLAMA_MODEL"]) else { throw FieldError("OLLAMA_MODEL", expected: "the model to use (set with OLLAMA_URL)") }
            upsert(AppConfig.LLM.Provider(name: "ollama", kind: .ollama, url: try url(base.name, base.value), model: model.value, timeout: 60))
        }
        if variable(["OPENAI_BASE_URL"]) != nil || variable(["OPENAI_API_KEY"]) != nil {
            let base = try variable(["OPENAI_BASE_URL"]).map { try url($0.name, $0.value) } ?? URL(string: "https://api.openai.com/v1")!
            upsert(AppConfig.LLM.Provider(name: "openai", kind: .openai, url: base, model: variable(["OPENAI_MODEL"])?.value ?? "gpt-4o-mini",
                                          apiKey: variable(["OPENAI_API_KEY"])?.value, timeout: 60))
        }
        if let key = variable(["ANTHROPIC_API_KEY"]) {
            upsert(AppConfig.LLM.Provider(name: "anthropic", kind: .anthropic, url: URL(string: "https://api.anthropic.com"),
                                          model: variable(["ANTHROPIC_MODEL"])?.value ?? "claude-3-5-haiku-latest", apiKey: key.value, timeout: 60))
        }
    }

    private static func validate(_ llm: AppConfig.LLM) throws {
        var seen: Set<String> = []
        for (index, provider) in llm.providers.enumerated() {
            let key = "llm.providers[\(index)]"
            guard seen.insert(provider.name).inserted else { throw FieldError("\(key).name", expected: "a name used once", got: provider.name) }
            switch provider.kind {
            case .ollama, .openai:
                guard provider.url != nil else { throw FieldError("\(key).url", expected: "the \(provider.kind.rawValue) server's URL") }
                guard !provider.model.isEmpty else { throw FieldError("\(key).model", expected: "a model name") }
            case .anthropic:
                guard provider.apiKey?.isEmpty == false else { throw FieldError("\(key).apiKey", expected: "an Anthropic API key") }
                guard !provider.model.isEmpty else { throw FieldError("\(key).model", expected: "a model name") }
            case .rules:
                break
            }
        }
        for (index, name) in llm.chain.enumerated() where name != "rules" && !seen.contains(name) {
            throw FieldError("llm.chain[\(index)]", expected: "the name of a provider in llm.providers, or rules", got: name)
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
