import AutoArrCore
import Foundation

/// Renders connection test results for `autoarr check`: a table for people, JSON for programs.
public enum ConnectionReport {
    /// The same JSON `POST /api/v1/services/{name}/test` returns, as an array.
    public static func json(_ results: [ConnectionResult]) throws -> String {
        let encoder = ActionJSON.encoder
        return String(decoding: try encoder.encode(results.map(ConnectionResource.init)), as: UTF8.self)
    }

    /// Aligned columns: name, kind, version, latency, status or error.
    public static func table(_ results: [ConnectionResult]) -> String {
        guard !results.isEmpty else { return "No services are configured. Add them to autoarr.yml or POST /api/v1/services." }
        let rows = [["NAME", "KIND", "VERSION", "LATENCY", "STATUS"]] + results.map { result in
            let resource = ConnectionResource(result)
            return [
                result.name, result.kind.rawValue, result.version ?? "-", String(format: "%.0f ms", resource.latencyMs),
                resource.error.map { "\($0.code): \($0.message)" } ?? "ok",
            ]
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            (0..<4).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + row[4]
        }.joined(separator: "\n")
    }
}
