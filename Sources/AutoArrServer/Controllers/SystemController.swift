import AutoArrCore
import Foundation
import Hummingbird

/// `GET /system/status`: version, uptime, data dir, schema version and row counts.
struct SystemController {
    let system: any SystemStore
    let dataDir: String
    let startedAt: ContinuousClock.Instant

    struct Status: ResponseEncodable {
        var version: String
        var uptimeSeconds: Double
        var dataDir: String
        var schemaVersion: Int
        var rowCounts: [String: Int]
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("system/status") { _, _ in
            Status(
                version: AutoArrVersion.current,
                uptimeSeconds: (ContinuousClock.now - startedAt) / .seconds(1),
                dataDir: dataDir,
                schemaVersion: try await system.schemaVersion(),
                rowCounts: try await system.rowCounts())
        }
    }
}
