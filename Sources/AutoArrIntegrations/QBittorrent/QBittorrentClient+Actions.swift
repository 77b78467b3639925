import AutoArrCore
import Foundation
import NIOHTTP1

/// qBittorrent's torrent actions, trackers, categories and preferences.
extension QBittorrentClient {
    /// A tracker from `torrents/trackers`; `status` 4 means not working.
    struct Tracker: Decodable, Sendable, Equatable {
        var url: String
        var status: Int
        var msg: String
    }

    /// A category from `torrents/categories`.
    struct Category: Decodable, Sendable, Equatable {
        var name: String
        var savePath: String
    }

    /// Adds torrents by URL or magnet link.
    func add(urls: [String], category: String? = nil, paused: Bool = false) async throws {
        let cookie = try await login()
        var form = [("urls", urls.joined(separator: "\n"))]
        if let category { form.append(("category", category)) }
        // 4.x reads `paused`, 5.x `stopped`.
        if paused { form += [("paused", "true"), ("stopped", "true")] }
        let response = try await post("api/v2/torrents/add", form: form, cookie: cookie)
        guard response.text.trimmingCharacters(in: .whitespacesAndNewlines) != "Fails." else {
            throw IntegrationError(.rejected, instance: instance.name, "qBittorrent refused the torrent")
        }
    }

    /// Pauses (4.x) or stops (5.x) torrents.
    func pause(_ hashes: [String]) async throws { try await hashAction(["pause", "stop"], hashes) }
    /// Resumes (4.x) or starts (5.x) torrents.
    func resume(_ hashes: [String]) async throws { try await hashAction(["resume", "start"], hashes) }
    func recheck(_ hashes: [String]) async throws { try await hashAction(["recheck"], hashes) }
    func reannounce(_ hashes: [String]) async throws { try await hashAction(["reannounce"], hashes) }

    func delete(_ hashes: [String], deleteFiles: Bool) async throws {
        _ = try await post("api/v2/torrents/delete", form: [("hashes", Self.join(hashes)), ("deleteFiles", String(deleteFiles))], cookie: login())
    }

    /// `torrents/properties` for one torrent, as JSON.
    func properties(_ hash: String) async throws -> JSONValue {
        try await get("api/v2/torrents/properties", query: [URLQueryItem(name: "hash", value: hash.lowercased())], cookie: login())
            .decode(JSONValue.self, for: instance)
    }

    func trackers(_ hash: String) async throws -> [Tracker] {
        try await get("api/v2/torrents/trackers", query: [URLQueryItem(name: "hash", value: hash.lowercased())], cookie: login())
            .decode([Tracker].self, for: instance)
    }

    func categories() async throws -> [Category] {
        try await get("api/v2/torrents/categories", cookie: login()).decode([String: Category].self, for: instance)
            .values.sorted { $0.name < $1.name }
    }

    /// Creates a category; an existing one (409) is left as it is.
    func createCategory(_ name: String, savePath: String = "") async throws {
        let cookie = try await login()
        let response = try await transport.send(
            formRequest("api/v2/torrents/createCategory", [("category", name), ("savePath", savePath)], cookie: cookie), for: instance)
        if response.status != .conflict { _ = try response.requireSuccess(for: instance) }
    }

    /// `app/preferences`, as JSON.
    func preferences() async throws -> JSONValue {
        try await get("api/v2/app/preferences", cookie: login()).decode(JSONValue.self, for: instance)
    }

    /// `app/setPreferences` with only the given keys.
    func setPreferences(_ changes: [String: JSONValue]) async throws {
        let json = String(decoding: try JSONValue.object(changes).requestBody, as: UTF8.self)
        _ = try await post("api/v2/app/setPreferences", form: [("json", json)], cookie: login())
    }

    /// Tries each endpoint name in turn: 5.x renamed pause/resume to stop/start and answers 404 to the old names.
    private func hashAction(_ names: [String], _ hashes: [String]) async throws {
        let cookie = try await login()
        for (index, name) in names.enumerated() {
            let response = try await transport.send(formRequest("api/v2/torrents/\(name)", [("hashes", Self.join(hashes))], cookie: cookie), for: instance)
            if response.status == .notFound, index < names.count - 1 { continue }
            _ = try response.requireSuccess(for: instance)
            return
        }
    }

    private func post(_ path: String, form: [(String, String)], cookie: String?) async throws -> HTTPTransport.Response {
        try await transport.send(formRequest(path, form, cookie: cookie), for: instance).requireSuccess(for: instance)
    }

    private func formRequest(_ path: String, _ form: [(String, String)], cookie: String?) -> HTTPTransport.Request {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if let cookie { headers.add(name: "Cookie", value: cookie) }
        return .init(method: .POST, url: instance.url.appending(path: path), headers: headers, body: Array(Self.formEncode(form).utf8))
    }

    /// `application/x-www-form-urlencoded`, escaping everything but unreserved characters.
    static func formEncode(_ pairs: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return pairs.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }

    private static func join(_ hashes: [String]) -> String {
        hashes.map { $0.lowercased() }.joined(separator: "|")
    }
}

extension QBittorrentClient {
    /// Adds a .torrent file (multipart `torrents`).
    func add(torrentFile: Data, named name: String, category: String? = nil) async throws {
        let cookie = try await login()
        var form = MultipartForm(file: (field: "torrents", filename: name, contentType: "application/x-bittorrent", data: torrentFile))
        if let category { form.fields.append((name: "category", value: category)) }
        var headers: HTTPHeaders = ["Content-Type": form.contentType]
        if let cookie { headers.add(name: "Cookie", value: cookie) }
        let response = try await transport.send(
            .init(method: .POST, url: instance.url.appending(path: "api/v2/torrents/add"), headers: headers, body: form.body), for: instance)
        // 4.5 answers a file that is not a torrent with 415.
        if response.status == .unsupportedMediaType {
            throw IntegrationError(.rejected, instance: instance.name, response.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard try response.requireSuccess(for: instance).text.trimmingCharacters(in: .whitespacesAndNewlines) != "Fails." else {
            throw IntegrationError(.rejected, instance: instance.name, "qBittorrent refused \(name)")
        }
    }
}
