import AutoArrCore
import Foundation
import NIOHTTP1

/// Sonarr and Radarr v3, where their APIs are the same; `media` paths differ (`series` or `movie`).
/// Authenticates with `X-Api-Key`. Resources AutoArr passes through or edits whole (configs, profiles, lookups)
/// stay JSON, so nothing a newer *arr adds is lost on a round trip.
struct ServarrClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    /// `history` eventTypes, the same numbers in Sonarr and Radarr.
    static let grabbedEvent = 1
    static let downloadFolderImportedEvent = 3
    static let downloadFailedEvent = 4

    /// `series` for Sonarr, `movie` for Radarr.
    var mediaPath: String { instance.kind == .radarr ? "movie" : "series" }

    func systemStatus() async throws -> ServarrSystemStatus {
        let status = try await send("api/v3/system/status").decode(ServarrSystemStatus.self, for: instance)
        // Pointing a sonarr instance at Radarr (or the reverse) is a common slip; say so plainly.
        if let appName = status.appName, appName.lowercased() != instance.kind.rawValue {
            throw IntegrationError(.badResponse, instance: instance.name, "this URL serves \(appName), not \(instance.kind.rawValue)")
        }
        return status
    }

    func health() async throws -> [ServarrHealth] {
        try await send("api/v3/health").decode([ServarrHealth].self, for: instance)
    }

    /// `diskspace`, `tag`, `qualityprofile`, `rootfolder`, `downloadclient` (with fields), `indexer`: as JSON.
    func list(_ resource: String) async throws -> JSONValue {
        try await send("api/v3/\(resource)").decode(JSONValue.self, for: instance)
    }

    /// Any GET under `/api/v3`, as JSON (the calendar, the wanted lists).
    func get(_ path: String, query: [URLQueryItem]) async throws -> JSONValue {
        try await send("api/v3/\(path)", query: query).decode(JSONValue.self, for: instance)
    }

    /// One page of the queue, with the series/episode or movie attached when `details` is set.
    func queue(page: Int = 1, pageSize: Int = 100, details: Bool = true) async throws -> (items: [ArrQueueItem], total: Int) {
        var query = [URLQueryItem(name: "page", value: String(page)), URLQueryItem(name: "pageSize", value: String(pageSize))]
        if details {
            query += instance.kind == .radarr ? [URLQueryItem(name: "includeMovie", value: "true")]
                : [URLQueryItem(name: "includeSeries", value: "true"), URLQueryItem(name: "includeEpisode", value: "true")]
        }
        let page = try await send("api/v3/queue", query: query).read(ServarrPage<ServarrQueueRecord>.self, for: instance)
        return (page.records.map { ServarrGateway.item($0, instance: instance.name) }, page.totalRecords ?? page.records.count)
    }

    /// Removes a queue record: `DELETE /queue/{id}?removeFromClient&blocklist&skipRedownload`.
    func deleteQueueItem(_ id: Int, removeFromClient: Bool, blocklist: Bool, skipRedownload: Bool = false) async throws {
        _ = try await send("api/v3/queue/\(id)", method: .DELETE, query: Self.removalFlags(removeFromClient, blocklist, skipRedownload))
    }

    /// Removes several queue records at once: `DELETE /queue/bulk` with `{"ids":[…]}`.
    func deleteQueueItems(_ ids: [Int], removeFromClient: Bool, blocklist: Bool, skipRedownload: Bool = false) async throws {
        let body: JSONValue = ["ids": .array(ids.map { .number(Double($0)) })]
        _ = try await send("api/v3/queue/bulk", method: .DELETE, query: Self.removalFlags(removeFromClient, blocklist, skipRedownload), body: body)
    }

    func command(_ request: ServarrCommandRequest) async throws -> ServarrCommand {
        try await send("api/v3/command", method: .POST, body: .object(request.body)).decode(ServarrCommand.self, for: instance)
    }

    func commandStatus(_ id: Int) async throws -> ServarrCommand {
        try await send("api/v3/command/\(id)").decode(ServarrCommand.self, for: instance)
    }

    /// One page of history, newest first, optionally for one download and some event types.
    func history(page: Int = 1, pageSize: Int = 50, downloadId: String? = nil, eventType: Int? = nil, eventTypes: [Int] = []) async throws -> [ServarrHistoryRecord] {
        var query = [URLQueryItem(name: "page", value: String(page)), URLQueryItem(name: "pageSize", value: String(pageSize)),
                     URLQueryItem(name: "sortKey", value: "date"), URLQueryItem(name: "sortDirection", value: "descending")]
        if let downloadId { query.append(URLQueryItem(name: "downloadId", value: downloadId)) }
        for type in ([eventType].compactMap { $0 } + eventTypes) { query.append(URLQueryItem(name: "eventType", value: String(type))) }
        return try await send("api/v3/history", query: query).decode(ServarrPage<ServarrHistoryRecord>.self, for: instance).records
    }

    /// `GET /manualimport?downloadId=`: the files of a download the *arr would import, each with what it matched and why not.
    func manualImportCandidates(downloadId: String) async throws -> JSONValue {
        try await send("api/v3/manualimport", query: [URLQueryItem(name: "downloadId", value: downloadId), URLQueryItem(name: "filterExistingFiles", value: "true")])
            .decode(JSONValue.self, for: instance)
    }

    /// `wanted/missing` or `wanted/cutoff`: one page, as JSON.
    func wanted(_ list: String, page: Int = 1, pageSize: Int = 50) async throws -> JSONValue {
        try await send("api/v3/wanted/\(list)", query: [URLQueryItem(name: "page", value: String(page)), URLQueryItem(name: "pageSize", value: String(pageSize))])
            .decode(JSONValue.self, for: instance)
    }

    /// `config/mediamanagement`, `config/naming` or `config/downloadclient`, whole.
    func config(_ name: String) async throws -> JSONValue {
        try await send("api/v3/config/\(name)").decode(JSONValue.self, for: instance)
    }

    /// Saves a whole config resource (as read, with changes): `PUT /config/{name}/{id}`.
    func updateConfig(_ name: String, _ resource: JSONValue) async throws -> JSONValue {
        guard case .object(let fields) = resource, case .number(let id)? = fields["id"] else {
            throw IntegrationError(.rejected, instance: instance.name, "config/\(name): the resource has no id")
        }
        return try await send("api/v3/config/\(name)/\(Int(id))", method: .PUT, body: resource).decode(JSONValue.self, for: instance)
    }

    /// `series/lookup` or `movie/lookup`.
    /// `PUT /downloadclient/{id}` with the whole resource (a masked secret field keeps its stored value).
    func updateDownloadClient(_ resource: JSONValue) async throws -> JSONValue {
        guard let id = resource["id"]?.intValue else { throw IntegrationError(.rejected, instance: instance.name, "downloadclient: the resource has no id") }
        return try await send("api/v3/downloadclient/\(id)", method: .PUT, body: resource).decode(JSONValue.self, for: instance)
    }

    func lookup(_ term: String) async throws -> JSONValue {
        try await send("api/v3/\(mediaPath)/lookup", query: [URLQueryItem(name: "term", value: term)]).decode(JSONValue.self, for: instance)
    }

    /// Every series or movie in the library.
    func library() async throws -> JSONValue {
        try await send("api/v3/\(mediaPath)").decode(JSONValue.self, for: instance)
    }

    func media(id: Int) async throws -> JSONValue {
        try await send("api/v3/\(mediaPath)/\(id)").decode(JSONValue.self, for: instance)
    }

    /// Adds a series or movie: a lookup result plus `qualityProfileId`, `rootFolderPath` and `addOptions`.
    func add(_ resource: JSONValue) async throws -> JSONValue {
        try await send("api/v3/\(mediaPath)", method: .POST, body: resource).decode(JSONValue.self, for: instance)
    }

    /// Saves a whole series or movie (as read, with changes): `PUT /series/{id}` or `/movie/{id}`.
    func updateMedia(_ resource: JSONValue) async throws -> JSONValue {
        guard let id = resource["id"]?.intValue else { throw IntegrationError(.rejected, instance: instance.name, "\(mediaPath): the resource has no id") }
        return try await send("api/v3/\(mediaPath)/\(id)", method: .PUT, body: resource).decode(JSONValue.self, for: instance)
    }

    /// Removes a series or movie from the library, leaving its files.
    func deleteMedia(id: Int) async throws {
        _ = try await send("api/v3/\(mediaPath)/\(id)", method: .DELETE, query: [URLQueryItem(name: "deleteFiles", value: "false")])
    }

    /// Creates a tag. - Returns: its id.
    func createTag(_ label: String) async throws -> Int {
        struct Tag: Decodable { var id: Int }
        return try await send("api/v3/tag", method: .POST, body: ["label": .string(label)]).decode(Tag.self, for: instance).id
    }

    /// Sonarr's episodes of one series.
    func episode(id: Int) async throws -> JSONValue {
        try await send("api/v3/episode/\(id)").decode(JSONValue.self, for: instance)
    }

    func episodes(seriesId: Int) async throws -> JSONValue {
        try await send("api/v3/episode", query: [URLQueryItem(name: "seriesId", value: String(seriesId))]).decode(JSONValue.self, for: instance)
    }

    private static func removalFlags(_ removeFromClient: Bool, _ blocklist: Bool, _ skipRedownload: Bool) -> [URLQueryItem] {
        [URLQueryItem(name: "removeFromClient", value: String(removeFromClient)), URLQueryItem(name: "blocklist", value: String(blocklist)),
         URLQueryItem(name: "skipRedownload", value: String(skipRedownload))]
    }

    private func send(_ path: String, method: HTTPMethod = .GET, query: [URLQueryItem] = [], body: JSONValue? = nil) async throws -> HTTPTransport.Response {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        headers.add(name: "X-Api-Key", value: instance.credentials.apiKey ?? "")
        var bytes: [UInt8]?
        if let body {
            headers.add(name: "Content-Type", value: "application/json")
            bytes = try body.requestBody
        }
        return try await transport.send(.init(method: method, url: instance.url.appending(path: path, query: query), headers: headers, body: bytes), for: instance)
            .requireSuccess(for: instance)
    }
}
