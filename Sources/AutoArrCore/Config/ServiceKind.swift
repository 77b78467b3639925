/// The kinds of external service AutoArr talks to. Every configured instance is one of these.
public enum ServiceKind: String, Sendable, Codable, CaseIterable {
    case sonarr, radarr, sabnzbd, nzbget, qbittorrent, transmission, plex, jellyfin

    /// The credential fields an instance of this kind must have.
    public var requiredCredentials: [ServiceCredentials.Field] {
        switch self {
        case .sonarr, .radarr, .sabnzbd, .jellyfin: [.apiKey]
        case .plex: [.token]
        case .nzbget, .qbittorrent, .transmission: []
        }
    }

    /// Every kind's raw value, for error messages.
    public static let expectedList = allCases.map(\.rawValue).joined(separator: " | ")
}
