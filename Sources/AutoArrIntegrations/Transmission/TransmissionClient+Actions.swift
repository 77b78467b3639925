import AutoArrCore
import Foundation

/// Transmission's torrent actions and session settings. Torrents are named by hash, which the RPC accepts as ids.
extension TransmissionClient {
    /// What `torrent-add` answers: the torrent, new or already there.
    struct Added: Decodable {
        struct Torrent: Decodable {
            var hashString: String
            var name: String
        }
        var added: Torrent?
        var duplicate: Torrent?

        enum CodingKeys: String, CodingKey {
            case added = "torrent-added", duplicate = "torrent-duplicate"
        }
    }

    /// Adds a torrent by URL or magnet link. - Returns: its hash, upper-case.
    func add(url: String, paused: Bool = false) async throws -> String {
        let added = try await call("torrent-add", arguments: ["filename": .string(url), "paused": .bool(paused)], as: Added.self)
        guard let torrent = added.added ?? added.duplicate else {
            throw IntegrationError(.badResponse, instance: instance.name, "torrent-add answered without a torrent")
        }
        return torrent.hashString.uppercased()
    }

    func start(_ hashes: [String]) async throws { try await act("torrent-start", hashes) }
    func stop(_ hashes: [String]) async throws { try await act("torrent-stop", hashes) }
    func verify(_ hashes: [String]) async throws { try await act("torrent-verify", hashes) }
    func reannounce(_ hashes: [String]) async throws { try await act("torrent-reannounce", hashes) }

    func remove(_ hashes: [String], deleteData: Bool) async throws {
        try await act("torrent-remove", hashes, extra: ["delete-local-data": .bool(deleteData)])
    }

    /// `session-get`: every session setting, as JSON.
    func session() async throws -> JSONValue {
        try await call("session-get", as: JSONValue.self)
    }

    /// `session-set` with only the given keys.
    func setSession(_ changes: [String: JSONValue]) async throws {
        _ = try await call("session-set", arguments: changes, as: JSONValue.self)
    }

    private func act(_ method: String, _ hashes: [String], extra: [String: JSONValue] = [:]) async throws {
        var arguments = extra
        arguments["ids"] = .array(hashes.map { .string($0.lowercased()) })
        _ = try await call(method, arguments: arguments, as: JSONValue.self)
    }
}

extension TransmissionClient {
    /// A tracker's last announce, from `torrent-get` `trackerStats`.
    struct TrackerStat: Decodable, Sendable, Equatable {
        var announce: String
        var lastAnnounceResult: String
        var lastAnnounceSucceeded: Bool
    }

    /// Adds a .torrent file (`metainfo`, base64). - Returns: its hash, upper-case.
    func add(torrentFile: Data, paused: Bool = false) async throws -> String {
        let arguments: [String: JSONValue] = ["metainfo": .string(torrentFile.base64EncodedString()), "paused": .bool(paused)]
        let added = try await call("torrent-add", arguments: arguments, as: Added.self)
        guard let torrent = added.added ?? added.duplicate else {
            throw IntegrationError(.badResponse, instance: instance.name, "torrent-add answered without a torrent")
        }
        return torrent.hashString.uppercased()
    }

    /// The trackers' last announce results for one torrent.
    func trackers(_ hash: String) async throws -> [TrackerStat] {
        struct Torrent: Decodable { var trackerStats: [TrackerStat] }
        struct Torrents: Decodable { var torrents: [Torrent] }
        return try await call("torrent-get", arguments: ["ids": [.string(hash.lowercased())], "fields": ["trackerStats"]], as: Torrents.self).torrents.first?.trackerStats ?? []
    }
}
