/// Asks a service who it is, proving the URL and credentials work.
public protocol ServiceProbe: Sendable {
    /// - Returns: the service's version.
    /// - Throws: `IntegrationError`.
    func version(of instance: ServiceInstance) async throws -> String
}
