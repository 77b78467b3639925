/// The secrets an instance needs: an API key (*arrs, SABnzbd, Jellyfin), a token (Plex),
/// or a username and password (NZBGet, qBittorrent, Transmission).
public struct ServiceCredentials: Sendable, Equatable, Codable {
    public var apiKey: String?
    public var username: String?
    public var password: String?
    public var token: String?

    /// A credential field, named as in `autoarr.yml` and the REST API.
    public enum Field: String, Sendable, CaseIterable {
        case apiKey, username, password, token
    }

    public init(apiKey: String? = nil, username: String? = nil, password: String? = nil, token: String? = nil) {
        self.apiKey = apiKey
        self.username = username
        self.password = password
        self.token = token
    }

    /// Reads or writes one field by name.
    public subscript(field: Field) -> String? {
        get {
            switch field {
            case .apiKey: apiKey
            case .username: username
            case .password: password
            case .token: token
            }
        }
        set {
            switch field {
            case .apiKey: apiKey = newValue
            case .username: username = newValue
            case .password: password = newValue
            case .token: token = newValue
            }
        }
    }

    /// Whether a field holds a secret that must never be shown (the username is not one).
    public static func isSecret(_ field: Field) -> Bool { field != .username }
}
