import AutoArrCore
import Foundation
import NIOHTTP1

/// Plex's identity, libraries, preferences and sessions.
extension PlexClient {
    func identity() async throws -> PlexIdentity {
        try await request("identity").decode(PlexContainer<PlexIdentity>.self, for: instance).MediaContainer
    }

    func sections() async throws -> [PlexSection] {
        struct Sections: Decodable { var Directory: [PlexSection]? }
        return try await request("library/sections").decode(PlexContainer<Sections>.self, for: instance).MediaContainer.Directory ?? []
    }

    /// Asks Plex to scan one library.
    func refresh(section key: String) async throws {
        _ = try await request("library/sections/\(key)/refresh")
    }

    func preferences() async throws -> [PlexSetting] {
        struct Settings: Decodable { var Setting: [PlexSetting]? }
        return try await request(":/prefs").decode(PlexContainer<Settings>.self, for: instance).MediaContainer.Setting ?? []
    }

    /// `PUT /:/prefs?id=value`.
    func setPreferences(_ changes: [String: String]) async throws {
        _ = try await request(":/prefs", method: .PUT, query: changes.sortedQueryItems)
    }

    func sessions() async throws -> [PlexSession] {
        struct Sessions: Decodable { var Metadata: [PlexSession]? }
        return try await request("status/sessions").decode(PlexContainer<Sessions>.self, for: instance).MediaContainer.Metadata ?? []
    }
}
