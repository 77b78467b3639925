import AutoArrCore

/// Proves each kind of service answers with the configured URL and credentials.
public struct IntegrationProbe: ServiceProbe {
    let transport: HTTPTransport

    public init(transport: HTTPTransport = HTTPTransport()) {
        self.transport = transport
    }

    public func version(of instance: ServiceInstance) async throws -> String {
        switch instance.kind {
        case .sonarr, .radarr:
            return try await ServarrClient(transport: transport, instance: instance).systemStatus().version
        case .sabnzbd:
            let client = SABnzbdClient(transport: transport, instance: instance)
            let version = try await client.version()
            try await client.checkKey()
            return version
        case .nzbget:
            return try await NZBGetClient(transport: transport, instance: instance).version()
        case .qbittorrent:
            return try await QBittorrentClient(transport: transport, instance: instance).version()
        case .transmission:
            return try await TransmissionClient(transport: transport, instance: instance).version()
        case .plex:
            return try await PlexClient(transport: transport, instance: instance).version()
        case .jellyfin:
            return try await JellyfinClient(transport: transport, instance: instance).version()
        }
    }
}
