import AutoArrCore
import Foundation
import NIOHTTP1

/// qBittorrent's WebUI API v2. Logs in for a session cookie, coping with both 4.x (200 `Ok.`, cookie `SID`)
/// and 5.x (204, cookie `QBT_SID_<port>`).
struct QBittorrentClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    /// `GET /api/v2/app/version`, e.g. `v4.5.2`.
    func version() async throws -> String {
        let version = try await get("api/v2/app/version", cookie: login()).text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard version.hasPrefix("v") || version.first?.isNumber == true else {
            throw IntegrationError(.badResponse, instance: instance.name, "unexpected version answer: \(version.prefix(40))")
        }
        return version
    }

    /// `GET /api/v2/torrents/info`, optionally for one category.
    func torrents(category: String? = nil) async throws -> [DownloadItem] {
        let query = category.map { [URLQueryItem(name: "category", value: $0)] } ?? []
        return try await get("api/v2/torrents/info", query: query, cookie: login())
            .decode([QBittorrentTorrent].self, for: instance)
            .map { QBittorrentGateway.item($0, instance: instance.name) }
    }

    func get(_ path: String, query: [URLQueryItem] = [], cookie: String?) async throws -> HTTPTransport.Response {
        var headers: HTTPHeaders = [:]
        if let cookie { headers.add(name: "Cookie", value: cookie) }
        return try await transport.send(.init(url: instance.url.appending(path: path, query: query), headers: headers), for: instance)
            .requireSuccess(for: instance)
    }

    /// `POST /api/v2/auth/login`.
    /// - Returns: the session cookie (`name=value`), or nil when no username is configured (localhost bypass).
    func login() async throws -> String? {
        guard let username = instance.credentials.username else { return nil }
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        // qBittorrent rejects a login whose Referer/Origin does not match its own host.
        headers.add(name: "Referer", value: instance.url.absoluteString)
        let body = Array(Self.formEncode([("username", username), ("password", instance.credentials.password ?? "")]).utf8)
        let response = try await transport.send(
            .init(method: .POST, url: instance.url.appending(path: "api/v2/auth/login"), headers: headers, body: body), for: instance)
            .requireSuccess(for: instance)
        if response.status == .ok, response.text.trimmingCharacters(in: .whitespacesAndNewlines) == "Fails." {
            throw IntegrationError(.unauthorized, instance: instance.name, "login refused: check the username and password")
        }
        guard let cookie = Self.sessionCookie(in: response.headers) else {
            throw IntegrationError(.badResponse, instance: instance.name, "login answered without a session cookie")
        }
        return cookie
    }

    /// The `SID` (4.x) or `QBT_SID_<port>` (5.x) cookie as `name=value`.
    static func sessionCookie(in headers: HTTPHeaders) -> String? {
        for header in headers["Set-Cookie"] {
            guard let pair = header.split(separator: ";").first else { continue }
            let name = pair.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if name == "SID" || name.hasPrefix("QBT_SID_") { return pair.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}
