import AutoArrCore
import Foundation
import Hummingbird

/// A connection test's outcome as the API, `autoarr check --json` and readiness show it.
struct ConnectionResource: ResponseEncodable {
    struct Failure: Encodable {
        var code: String
        var message: String
        var details: [String]?
    }

    var name: String
    var kind: String
    var status: String
    var version: String?
    var latencyMs: Double
    var checkedAt: Date
    var error: Failure?

    init(_ result: ConnectionResult) {
        name = result.name
        kind = result.kind.rawValue
        status = result.isOK ? "ok" : "failed"
        version = result.version
        latencyMs = (result.latency / .microseconds(1)).rounded() / 1000
        checkedAt = result.checkedAt
        error = result.error.map { Failure(code: $0.code.rawValue, message: $0.message, details: $0.details.isEmpty ? nil : $0.details) }
    }
}
