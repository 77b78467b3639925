import AutoArrCore
import Foundation
import Hummingbird

/// Liveness and readiness. Both are public, for load balancers and container health checks.
struct HealthController {
    let system: any SystemStore
    let services: ServiceRegistry
    let health: InstanceHealth

    struct Liveness: ResponseEncodable {
        var status = "ok"
    }

    struct Readiness: ResponseEncodable {
        struct Database: Encodable {
            var status: String
            var latencyMs: Double?
            var message: String?
        }
        struct Instance: Encodable {
            var name: String
            var kind: String
            /// `unchecked` until the first connection test, then `ok`, `failed` or `backoff`.
            var status: String
            var version: String?
            var latencyMs: Double?
            var error: ConnectionResource.Failure?
            /// While backing off: when the next attempt is allowed.
            var retryAfter: Date?
            var consecutiveFailures: Int?
        }
        var status: String
        var database: Database
        var instances: [Instance]
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("health") { _, _ in Liveness() }
        group.get("health/ready", use: ready)
    }

    static func summary(_ instance: ServiceInstance, _ status: InstanceHealth.Status?) -> Readiness.Instance {
        var summary = Readiness.Instance(name: instance.name, kind: instance.kind.rawValue, status: "unchecked")
        guard let status, let result = status.lastResult else { return summary }
        let resource = ConnectionResource(result)
        summary.status = resource.status
        summary.version = resource.version
        summary.latencyMs = resource.latencyMs
        summary.error = resource.error
        if let retryAfter = status.backoff.retryAfter, retryAfter > Date() {
            summary.status = "backoff"
            summary.retryAfter = retryAfter
        }
        summary.consecutiveFailures = status.backoff.consecutiveFailures > 0 ? status.backoff.consecutiveFailures : nil
        return summary
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var readiness: Readiness
        do {
            try await system.ping()
            let latency = (clock.now - start) / .milliseconds(1)
            var instances: [Readiness.Instance] = []
            for instance in try await services.list() {
                instances.append(Self.summary(instance, await health.status(of: instance.name)))
            }
            readiness = Readiness(status: "ready", database: .init(status: "ok", latencyMs: latency), instances: instances)
        } catch {
            context.logger.error("readiness check failed", metadata: ["error": "\(error)"])
            readiness = Readiness(status: "unavailable", database: .init(status: "error", message: "the database is not reachable"), instances: [])
        }
        var response = try readiness.response(from: request, context: context)
        if readiness.status != "ready" { response.status = .serviceUnavailable }
        return response
    }
}
