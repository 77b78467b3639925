import AutoArrCore
import Foundation
import NIOHTTP1

/// Sonarr and Radarr v3, where their APIs are the same. Authenticates with `X-Api-Key`.
struct ServarrClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    func systemStatus() async throws -> ServarrSystemStatus {
        let status = try await get("api/v3/system/status").decode(ServarrSystemStatus.self, for: instance)
        // Pointing a sonarr instance at Radarr (or the reverse) is a common slip; say so plainly.
        if let appName = status.appName, appName.lowercased() != instance.kind.rawValue {
            throw IntegrationError(.badResponse, instance: instance.name, "this URL serves \(appName), not \(instance.kind.rawValue)")
        }
        return status
    }

    private func get(_ path: String) async throws -> HTTPTransport.Response {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        headers.add(name: "X-Api-Key", value: instance.credentials.apiKey ?? "")
        return try await transport.send(.init(url: instance.url.appending(path: path), headers: headers), for: instance)
            .requireSuccess(for: instance)
    }
}
