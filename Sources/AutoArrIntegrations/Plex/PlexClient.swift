import AutoArrCore
import Foundation
import NIOHTTP1

/// Plex Media Server: JSON with `Accept: application/json`, authenticated with `X-Plex-Token`.
struct PlexClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    /// `GET /`, which needs the token (`/identity` does not, so it would not prove it).
    func version() async throws -> String {
        struct Root: Decodable { var version: String }
        return try await request("").decode(PlexContainer<Root>.self, for: instance).MediaContainer.version
    }

    /// A request with the token, asking for JSON.
    func request(_ path: String, method: HTTPMethod = .GET, query: [URLQueryItem] = []) async throws -> HTTPTransport.Response {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        headers.add(name: "X-Plex-Token", value: instance.credentials.token ?? "")
        return try await transport.send(.init(method: method, url: instance.url.appending(path: path, query: query), headers: headers), for: instance)
            .requireSuccess(for: instance)
    }
}
