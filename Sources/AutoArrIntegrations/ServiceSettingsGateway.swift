import AutoArrCore
import Foundation

/// Each service's settings as one document for the audit, and single-setting writes through the service's own API
/// (ADR 0012): SABnzbd `get_config`/`set_config`, NZBGet `config`/`saveconfig` + `reload`, qBittorrent
/// `app/preferences`/`setPreferences`, Transmission `session-get`/`session-set`, the *arrs' `config/*` and
/// `downloadclient`, Plex `:/prefs`.
public struct ServiceSettingsGateway: SettingsGateway {
    let transport: HTTPTransport

    public init(transport: HTTPTransport) {
        self.transport = transport
    }

    public func read(_ instance: ServiceInstance) async throws -> JSONValue {
        switch instance.kind {
        case .sabnzbd:
            return try await SABnzbdClient(transport: transport, instance: instance).config()
        case .nzbget:
            // `Server1.Host` becomes {"Server1": {"Host": …}}, so a rule's path is the option's name.
            var document: [String: JSONValue] = [:]
            for setting in try await NZBGetClient(transport: transport, instance: instance).config() {
                let parts = setting.Name.split(separator: ".", maxSplits: 1).map(String.init)
                if parts.count == 2 {
                    var group = document[parts[0]]?.objectValue ?? [:]
                    group[parts[1]] = .string(setting.Value)
                    document[parts[0]] = .object(group)
                } else {
                    document[setting.Name] = .string(setting.Value)
                }
            }
            return .object(document)
        case .qbittorrent:
            let client = QBittorrentClient(transport: transport, instance: instance)
            guard case .object(var preferences) = try await client.preferences() else {
                throw IntegrationError(.badResponse, instance: instance.name, "app/preferences is not an object")
            }
            preferences["categories"] = .object(Dictionary(uniqueKeysWithValues: try await client.categories().map {
                ($0.name, ["name": .string($0.name), "savePath": .string($0.savePath)] as JSONValue)
            }))
            return .object(preferences)
        case .transmission:
            return try await TransmissionClient(transport: transport, instance: instance).session()
        case .sonarr, .radarr:
            let client = ServarrClient(transport: transport, instance: instance)
            async let mediaManagement = client.config("mediamanagement")
            async let naming = client.config("naming")
            async let downloadClient = client.config("downloadclient")
            async let downloadClients = client.list("downloadclient")
            async let indexers = client.list("indexer")
            async let rootFolders = client.list("rootfolder")
            async let profiles = client.list("qualityprofile")
            async let health = client.list("health")
            async let mappings = client.list("remotepathmapping")
            async let disks = client.list("diskspace")
            return try await [
                "mediamanagement": mediaManagement, "naming": naming, "downloadclient": downloadClient, "downloadClients": downloadClients,
                "indexers": indexers, "rootFolders": rootFolders, "qualityProfiles": profiles, "health": health,
                "remotePathMappings": mappings, "diskspace": disks,
            ]
        case .plex:
            let client = PlexClient(transport: transport, instance: instance)
            var document: [String: JSONValue] = [:]
            for setting in try await client.preferences() {
                document[setting.id] = switch setting.value {
                case .bool(let flag): .bool(flag)
                case .number(let number): .number(number)
                case .text(let text): .string(text)
                }
            }
            document["sections"] = .array(try await client.sections().map { ["key": .string($0.key), "type": .string($0.type), "title": .string($0.title)] })
            return .object(document)
        default:
            throw IntegrationError(.rejected, instance: instance.name, "\(instance.kind.rawValue) has no settings to audit")
        }
    }

    public func write(_ instance: ServiceInstance, setting: String, value: JSONValue, elementwise: Bool) async throws {
        let path = SettingPath(setting)
        let unsupported = IntegrationError(.rejected, instance: instance.name, "AutoArr can't write \(setting) on \(instance.kind.rawValue)")
        switch instance.kind {
        case .sabnzbd:
            guard path.steps.count == 2, path.steps[0] == .key("misc"), case .key(let keyword) = path.steps[1] else { throw unsupported }
            try await SABnzbdClient(transport: transport, instance: instance).setConfig(section: "misc", keyword: keyword, values: ["value": Self.text(value)])
        case .nzbget:
            guard !path.hasEach else { throw unsupported }
            try await NZBGetClient(transport: transport, instance: instance).setConfig([setting: Self.text(value)])
        case .qbittorrent:
            guard path.steps.count == 1 else { throw unsupported }
            try await QBittorrentClient(transport: transport, instance: instance).setPreferences([setting: value])
        case .transmission:
            guard path.steps.count == 1 else { throw unsupported }
            try await TransmissionClient(transport: transport, instance: instance).setSession([setting: value])
        case .plex:
            guard path.steps.count == 1 else { throw unsupported }
            try await PlexClient(transport: transport, instance: instance).setPreferences([setting: Self.text(value)])
        case .sonarr, .radarr:
            let client = ServarrClient(transport: transport, instance: instance)
            switch path.steps.first {
            case .key(let name)? where ["mediamanagement", "naming", "downloadclient"].contains(name) && !path.hasEach:
                var resource = try await client.config(name)
                // The rest of the path, after "mediamanagement.", addresses the config resource itself.
                SettingPath(String(setting.dropFirst(name.count + 1))).set(value, in: &resource)
                _ = try await client.updateConfig(name, resource)
            case .key("downloadClients")? where path.steps.count == 3 && path.steps[1] == .each:
                guard case .key(let field) = path.steps[2], case .array(let clients) = try await client.list("downloadclient") else { throw unsupported }
                let values: [JSONValue] = elementwise ? (value.arrayValue ?? []) : Array(repeating: value, count: clients.count)
                guard values.count == clients.count else {
                    throw IntegrationError(.rejected, instance: instance.name, "\(instance.name) has \(clients.count) download clients now, not \(values.count)")
                }
                for (resource, new) in zip(clients, values) {
                    guard case .object(var fields) = resource else { continue }
                    fields[field] = new
                    _ = try await client.updateDownloadClient(.object(fields))
                }
            default:
                throw unsupported
            }
        default:
            throw unsupported
        }
    }

    /// A value as the form-style APIs take it: booleans as 1/0, lists comma-separated.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .bool(let flag): flag ? "1" : "0"
        case .string(let text): text
        case .array(let values): values.map(text).joined(separator: ",")
        case .null: ""
        default: RuleEngine.describe(value)
        }
    }
}
