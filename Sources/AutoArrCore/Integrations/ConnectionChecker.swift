import Foundation

/// Tests instances' connections: the action behind `autoarr check` and `POST /services/{name}/test`.
public struct ConnectionChecker: Sendable {
    private let registry: ServiceRegistry
    private let probe: any ServiceProbe
    private let health: InstanceHealth
    private let bus: EventBus

    public init(registry: ServiceRegistry, probe: any ServiceProbe, health: InstanceHealth, bus: EventBus) {
        self.registry = registry
        self.probe = probe
        self.health = health
        self.bus = bus
    }

    /// Tests one instance now, ignoring its backoff (a person asked).
    /// - Throws: `AutoArrError.notFound` for an unknown name; connection failures are in the result.
    public func check(named name: String) async throws -> ConnectionResult {
        try await check(registry.instance(named: name))
    }

    /// Tests every instance concurrently; one failure never stops the others.
    /// - Returns: results in name order.
    public func checkAll() async throws -> [ConnectionResult] {
        let instances = try await registry.list()
        return await withTaskGroup(of: ConnectionResult.self) { group in
            for instance in instances { group.addTask { await check(instance) } }
            return await group.reduce(into: []) { $0.append($1) }.sorted { $0.name < $1.name }
        }
    }

    func check(_ instance: ServiceInstance) async -> ConnectionResult {
        let clock = ContinuousClock()
        let start = clock.now
        var version: String?
        var failure: IntegrationError?
        do {
            version = try await probe.version(of: instance)
        } catch let error as IntegrationError {
            failure = error
        } catch {
            failure = IntegrationError(.badResponse, instance: instance.name, "\(error)")
        }
        let result = ConnectionResult(
            name: instance.name, kind: instance.kind, version: version, latency: clock.now - start, error: failure, checkedAt: Date())
        let previous = await health.status(of: instance.name)?.lastResult
        await health.record(result)
        if previous?.isOK != result.isOK {
            await bus.publish(Self.event(for: result))
        }
        return result
    }

    private static func event(for result: ConnectionResult) -> Event {
        if let error = result.error {
            return Event(
                .serviceUnreachable, message: "\(result.name) failed its connection test: \(error.message)", severity: .warning,
                instance: result.name, kind: result.kind, data: ["code": .string(error.code.rawValue)])
        }
        return Event(
            .serviceReachable, message: "\(result.name) answered (version \(result.version ?? "unknown"))",
            instance: result.name, kind: result.kind, data: ["version": result.version.map(JSONValue.string) ?? .null])
    }
}
