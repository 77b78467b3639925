import AutoArrCore
import Foundation
import NIOHTTP1

/// Plex Media Server: JSON with `Accept: application/json`, authenticated with `X-Plex-Token`.
struct PlexClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    /// `GET /`, which needs the token (`/identity` does not, so it would not prove it).
    func version() async throws -> String {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        headers.add(name: "X-Plex-Token", value: instance.credentials.token ?? "")
        return try await transport.send(.init(url: instance.url.appending(path: ""), headers: headers), for: instance)
            .requireSuccess(for: instance)
            .decode(PlexRoot.self, for: instance).MediaContainer.version
    }
}

/// `GET /`: `{"MediaContainer":{"version":"1.40.1.8227-c0dd5a73e","friendlyName":…,…}}`.
struct PlexRoot: Decodable {
    struct Container: Decodable {
        var version: String
    }
    // Plex's own capitalisation.
    var MediaContainer: Container
}
