import AutoArrCore
import Foundation

/// SABnzbd's job and queue actions, categories, warnings and config.
extension SABnzbdClient {
    /// `{"status":true,…}` answers.
    struct Outcome: Decodable {
        var status: Bool
        var nzo_id: String?
        var nzo_ids: [String]?
    }

    /// A warning from `mode=warnings`.
    struct Warning: Decodable, Sendable, Equatable {
        var type: String
        var text: String
        var time: Int
    }

    func pauseQueue() async throws { try await act(mode: "pause") }
    func resumeQueue() async throws { try await act(mode: "resume") }
    func pause(_ id: String) async throws { try await act(mode: "queue", ["name": "pause", "value": id]) }
    func resume(_ id: String) async throws { try await act(mode: "queue", ["name": "resume", "value": id]) }

    /// Removes a job from the queue, and its files when asked.
    func deleteFromQueue(_ id: String, deleteFiles: Bool) async throws {
        try await act(mode: "queue", ["name": "delete", "value": id, "del_files": deleteFiles ? "1" : "0"])
    }

    /// Removes a job from history, and its files when asked.
    func deleteFromHistory(_ id: String, deleteFiles: Bool) async throws {
        try await act(mode: "history", ["name": "delete", "value": id, "del_files": deleteFiles ? "1" : "0"])
    }

    /// Retries a failed job. - Returns: the job's new id.
    func retry(_ id: String) async throws -> String {
        let outcome = try await act(mode: "retry", ["value": id])
        return outcome.nzo_id ?? id
    }

    /// Adds an NZB (`mode=addfile`, multipart). - Returns: the new job's id.
    func addFile(named name: String, nzb: Data, category: String?, paused: Bool = false) async throws -> String {
        var query = [URLQueryItem(name: "mode", value: "addfile"), URLQueryItem(name: "output", value: "json"),
                     URLQueryItem(name: "apikey", value: instance.credentials.apiKey ?? "")]
        if let category { query.append(URLQueryItem(name: "cat", value: category)) }
        if paused { query.append(URLQueryItem(name: "priority", value: "-2")) }
        let form = MultipartForm(file: (field: "name", filename: name, contentType: "application/x-nzb", data: nzb))
        let response = try await transport.send(
            .init(method: .POST, url: apiURL.appending(path: "", query: query), headers: ["Content-Type": form.contentType], body: form.body),
            for: instance)
            .requireSuccess(for: instance)
        let outcome = try response.decode(Outcome.self, for: instance)
        guard outcome.status, let id = outcome.nzo_ids?.first else {
            throw IntegrationError(.rejected, instance: instance.name, "SABnzbd did not accept \(name)")
        }
        return id
    }

    /// `mode=get_cats`.
    func categories() async throws -> [String] {
        struct Categories: Decodable { var categories: [String] }
        return try await call(mode: "get_cats", authenticated: true).decode(Categories.self, for: instance).categories
    }

    /// `mode=warnings`.
    func warnings() async throws -> [Warning] {
        struct Warnings: Decodable { var warnings: [Warning] }
        return try await call(mode: "warnings", authenticated: true).decode(Warnings.self, for: instance).warnings
    }

    /// `mode=get_config`, optionally one section: the settings as JSON.
    func config(section: String? = nil) async throws -> JSONValue {
        struct Config: Decodable { var config: JSONValue }
        let parameters = section.map { [URLQueryItem(name: "section", value: $0)] } ?? []
        return try await call(mode: "get_config", parameters: parameters, authenticated: true).decode(Config.self, for: instance).config
    }

    /// `mode=set_config`: sets keywords in a section (or in one named item of it, such as a server).
    func setConfig(section: String, keyword: String? = nil, values: [String: String]) async throws {
        var parameters = ["section": section]
        if let keyword { parameters["keyword"] = keyword }
        parameters.merge(values) { $1 }
        _ = try await call(mode: "set_config", parameters: parameters.sortedQueryItems, authenticated: true)
    }

    /// `mode=fullstatus`, as JSON.
    func fullStatus() async throws -> JSONValue {
        struct Status: Decodable { var status: JSONValue }
        return try await call(mode: "fullstatus", parameters: [URLQueryItem(name: "skip_dashboard", value: "1")], authenticated: true)
            .decode(Status.self, for: instance).status
    }

    @discardableResult
    private func act(mode: String, _ parameters: [String: String] = [:]) async throws -> Outcome {
        let outcome = try await call(mode: mode, parameters: parameters.sortedQueryItems, authenticated: true).decode(Outcome.self, for: instance)
        guard outcome.status else { throw IntegrationError(.rejected, instance: instance.name, "SABnzbd refused \(mode) \(parameters["name"] ?? "")") }
        return outcome
    }
}
