import Foundation

/// One configured external service: a named instance of a kind, such as `sonarr-4k`.
public struct ServiceInstance: Sendable, Equatable {
    /// Where an instance was defined. Instances from `autoarr.yml` or the environment are read-only
    /// through the API, because the next start would overwrite any change.
    public enum Source: String, Sendable, Codable {
        case config, api
    }

    public var name: String
    public var kind: ServiceKind
    public var url: URL
    public var credentials: ServiceCredentials
    /// Request timeout in seconds.
    public var timeout: Double
    public var tags: [String]
    public var source: Source

    /// The timeout used when none is given.
    public static let defaultTimeout: Double = 10

    public init(
        name: String, kind: ServiceKind, url: URL, credentials: ServiceCredentials = .init(),
        timeout: Double = ServiceInstance.defaultTimeout, tags: [String] = [], source: Source = .api
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.credentials = credentials
        self.timeout = timeout
        self.tags = tags
        self.source = source
    }
}
