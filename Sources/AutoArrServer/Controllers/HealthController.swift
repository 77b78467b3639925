import AutoArrCore
import Foundation
import Hummingbird

/// Liveness and readiness. Both are public, for load balancers and container health checks.
struct HealthController {
    let system: any SystemStore
    let services: ServiceRegistry

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
            /// Connection checks arrive with the integrations; until then every instance is `unchecked`.
            var status: String
        }
        var status: String
        var database: Database
        var instances: [Instance]
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("health") { _, _ in Liveness() }
        group.get("health/ready", use: ready)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var readiness: Readiness
        do {
            try await system.ping()
            let latency = (clock.now - start) / .milliseconds(1)
            let instances = try await services.list().map { Readiness.Instance(name: $0.name, kind: $0.kind.rawValue, status: "unchecked") }
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
