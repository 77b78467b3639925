import AutoArrCore
import Foundation

/// NZBGet's queue edits, appends, status, log and config.
extension NZBGetClient {
    /// `editqueue` commands AutoArr uses.
    enum EditCommand: String {
        case groupPause = "GroupPause", groupResume = "GroupResume", groupDelete = "GroupDelete"
        case historyRedownload = "HistoryRedownload", historyDelete = "HistoryDelete", historyMarkBad = "HistoryMarkBad"
    }

    /// A `{"Name","Value"}` config entry.
    struct Setting: Decodable, Sendable, Equatable {
        var Name: String
        var Value: String
    }

    /// A `loadlog` message.
    struct LogEntry: Decodable, Sendable, Equatable {
        var ID: Int
        var Kind: String
        var Time: Int
        var Text: String
    }

    /// `editqueue(Command, Param, IDs)`.
    /// - Throws: `rejected` when NZBGet answers false (an unknown id).
    func edit(_ command: EditCommand, ids: [Int], parameter: String = "") async throws {
        let params: [JSONValue] = [.string(command.rawValue), .string(parameter), .array(ids.map { .number(Double($0)) })]
        guard try await call("editqueue", params: params, as: Bool.self) else {
            throw IntegrationError(.rejected, instance: instance.name, "\(command.rawValue) refused for \(ids)")
        }
    }

    /// `append` (v21 signature). - Returns: the new NZBID.
    func append(filename: String, nzb: Data, category: String, priority: Int = 0, paused: Bool = false) async throws -> Int {
        let params: [JSONValue] = [
            .string(filename), .string(nzb.base64EncodedString()), .string(category), .number(Double(priority)), false, .bool(paused),
            "", 0, "SCORE", [],
        ]
        let id = try await call("append", params: params, as: Int.self)
        guard id > 0 else { throw IntegrationError(.rejected, instance: instance.name, "append refused \(filename)") }
        return id
    }

    /// `status`, as JSON.
    func status() async throws -> JSONValue {
        try await call("status", as: JSONValue.self)
    }

    /// `loadlog(NZBID, from, count)`: one job's messages.
    func log(of id: Int, from: Int = 0, count: Int = 100) async throws -> [LogEntry] {
        try await call("loadlog", params: [.number(Double(id)), .number(Double(from)), .number(Double(count))], as: [LogEntry].self)
    }

    /// `config`: every setting in force.
    func config() async throws -> [Setting] {
        try await call("config", as: [Setting].self)
    }

    /// Changes settings: `loadconfig` (the file, without the read-only entries `config` adds, such as
    /// `AppDir`), `saveconfig` with it updated, then `reload` so the changes take effect.
    func setConfig(_ changes: [String: String]) async throws {
        var settings = try await call("loadconfig", as: [Setting].self)
        for index in settings.indices { if let value = changes[settings[index].Name] { settings[index].Value = value } }
        let missing = Set(changes.keys).subtracting(settings.map(\.Name))
        settings += missing.sorted().map { Setting(Name: $0, Value: changes[$0]!) }
        let entries = settings.map { JSONValue.object(["Name": .string($0.Name), "Value": .string($0.Value)]) }
        guard try await call("saveconfig", params: [.array(entries)], as: Bool.self) else {
            throw IntegrationError(.rejected, instance: instance.name, "saveconfig refused")
        }
        _ = try await call("reload", as: Bool.self)
        // `reload` restarts NZBGet's internals and returns at once: wait until the new values are in force, so a caller
        // reading back (the audit's verification) sees them.
        for _ in 0..<50 {
            try await Task.sleep(for: .milliseconds(200))
            guard let current = try? await config() else { continue }
            let values = Dictionary(current.map { ($0.Name, $0.Value) }, uniquingKeysWith: { $1 })
            if changes.allSatisfy({ values[$0.key]?.caseInsensitiveCompare($0.value) == .orderedSame }) { return }
        }
        throw IntegrationError(.timeout, instance: instance.name, "the new settings were not in force 10 s after reload")
    }
}
