import AutoArrCore
import Foundation
import NIOHTTP1

/// Jellyfin's REST API, authenticated with an API key in `X-Emby-Token`.
struct JellyfinClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    /// `GET /System/Info` (needs the key): `{"Version":"10.8.13",…}`.
    func version() async throws -> String {
        struct SystemInfo: Decodable {
            var Version: String
        }
        var headers: HTTPHeaders = ["Accept": "application/json"]
        headers.add(name: "X-Emby-Token", value: instance.credentials.apiKey ?? "")
        return try await transport.send(.init(url: instance.url.appending(path: "System/Info"), headers: headers), for: instance)
            .requireSuccess(for: instance)
            .decode(SystemInfo.self, for: instance).Version
    }
}
