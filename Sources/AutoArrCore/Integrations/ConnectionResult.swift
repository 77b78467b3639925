import Foundation

/// The outcome of testing one instance's connection.
public struct ConnectionResult: Sendable, Equatable {
    public var name: String
    public var kind: ServiceKind
    /// The service's version, when it answered.
    public var version: String?
    public var latency: Duration
    public var error: IntegrationError?
    public var checkedAt: Date

    public var isOK: Bool { error == nil }

    public init(name: String, kind: ServiceKind, version: String?, latency: Duration, error: IntegrationError?, checkedAt: Date) {
        self.name = name
        self.kind = kind
        self.version = version
        self.latency = latency
        self.error = error
        self.checkedAt = checkedAt
    }
}
