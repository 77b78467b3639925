import AutoArrCore
import Foundation

/// SABnzbd's `GET …/sabnzbd/api?mode=…&output=json&apikey=…`.
struct SABnzbdClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    /// `mode=version`. It answers without a key, so it proves the URL only.
    func version() async throws -> String {
        try await call(mode: "version", authenticated: false).decode(SABnzbdVersion.self, for: instance).version
    }

    /// `mode=queue&limit=1`: fails with 403 on a wrong key, so it proves the key.
    func checkKey() async throws {
        _ = try await call(mode: "queue", parameters: [URLQueryItem(name: "limit", value: "1")], authenticated: true)
    }

    /// `mode=queue`: the jobs waiting or downloading.
    func queue() async throws -> [DownloadItem] {
        try await call(mode: "queue", authenticated: true).read(SABnzbdQueueResponse.self, for: instance)
            .queue.slots.map { SABnzbdGateway.item($0, instance: instance.name) }
    }

    /// `mode=history`, optionally only failed jobs.
    func history(failedOnly: Bool = false, limit: Int = 100) async throws -> [DownloadItem] {
        var parameters = [URLQueryItem(name: "limit", value: String(limit))]
        if failedOnly { parameters.append(URLQueryItem(name: "failed_only", value: "1")) }
        return try await call(mode: "history", parameters: parameters, authenticated: true)
            .decode(SABnzbdHistoryResponse.self, for: instance)
            .history.slots.map { SABnzbdGateway.item($0, instance: instance.name) }
    }

    /// The API endpoint. Users paste the URL with or without SABnzbd's `/sabnzbd` URL base; accept both.
    var apiURL: URL {
        instance.url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")).hasSuffix("sabnzbd")
            ? instance.url.appending(path: "api") : instance.url.appending(path: "sabnzbd/api")
    }

    func call(mode: String, parameters: [URLQueryItem] = [], authenticated: Bool) async throws -> HTTPTransport.Response {
        var query = [URLQueryItem(name: "mode", value: mode), URLQueryItem(name: "output", value: "json")] + parameters
        if authenticated { query.append(URLQueryItem(name: "apikey", value: instance.credentials.apiKey ?? "")) }
        let response = try await transport.send(.init(url: apiURL.appending(path: "", query: query)), for: instance)
            .requireSuccess(for: instance)
        // Some errors come back as 200 {"status":false,"error":"…"}: short answers, so a long one (a queue) is not parsed twice.
        if response.buffer.readableBytes < 4096, let failure = try? JSONDecoder().decode(SABnzbdFailure.self, from: Data(response.body)), failure.status == false {
            let code: IntegrationError.Code = failure.error.localizedCaseInsensitiveContains("api key") ? .unauthorized : .rejected
            throw IntegrationError(code, instance: instance.name, failure.error)
        }
        return response
    }
}

/// `mode=version`.
struct SABnzbdVersion: Decodable {
    var version: String
}

/// SABnzbd's `{"status":false,"error":"…"}`.
struct SABnzbdFailure: Decodable {
    var status: Bool
    var error: String
}
