import AutoArrCore
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// Torrent actions against the real qBittorrent and Transmission, with a magnet link that never finds peers
/// (DHT, PeX and LSD are off, and its tracker is a closed local port).
@Suite(.serialized) struct RealTorrentActionTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(100))
    static let hash = "0123456789ABCDEF0123456789ABCDEF01234567"

    static func magnet() throws -> String {
        "magnet:?xt=urn:btih:\(hash.lowercased())&dn=Magnet.Only.S02E02.1080p-TEST&tr=http%3A%2F%2F127.0.0.1%3A\(try RealDaemon.freePort())%2Fannounce"
    }

    @Test func qbittorrentTorrentLifecycle() async throws {
        try await RealDaemon.with(.qbittorrent) { daemon in
            let client = QBittorrentClient(transport: Self.transport, instance: ServiceInstance(
                name: "qbit", kind: .qbittorrent, url: daemon.url, credentials: .init(username: daemon.username, password: daemon.password), timeout: 5))
            try await client.createCategory("tv-sonarr")
            try await client.createCategory("tv-sonarr")
            #expect(try await client.categories().map(\.name) == ["tv-sonarr"])
            try await client.add(urls: [try Self.magnet()], category: "tv-sonarr")
            // Queued first, then fetching metadata that never comes.
            let added = try await RealUsenetActionTests.eventually("the magnet fetching metadata") {
                try await client.torrents().first { $0.downloadId == Self.hash && $0.clientStatus == "metaDL" }
            }
            #expect(added.category == "tv-sonarr")
            #expect(added.state == .downloading)
            try await client.pause([Self.hash])
            _ = try await RealUsenetActionTests.eventually("the pause") { try await client.torrents().first { $0.state == .paused } }
            try await client.resume([Self.hash])
            try await client.reannounce([Self.hash])
            try await client.recheck([Self.hash])
            let trackers = try await client.trackers(Self.hash)
            #expect(trackers.contains { $0.url.hasPrefix("http://127.0.0.1:") })
            guard case .object = try await client.properties(Self.hash) else {
                Issue.record("properties is not an object")
                return
            }
            try await client.setPreferences(["upnp": false, "max_ratio_act": 0])
            guard case .object(let preferences) = try await client.preferences() else {
                Issue.record("preferences is not an object")
                return
            }
            #expect(preferences["upnp"] == false)
            try await client.delete([Self.hash], deleteFiles: true)
            _ = try await RealUsenetActionTests.eventually("the delete") { try await client.torrents().isEmpty ? true : nil }
        }
    }

    @Test func transmissionTorrentLifecycle() async throws {
        try await RealDaemon.with(.transmission) { daemon in
            let client = TransmissionClient(transport: Self.transport, instance: ServiceInstance(
                name: "tr", kind: .transmission, url: daemon.url, credentials: .init(username: daemon.username, password: daemon.password), timeout: 5))
            let magnet = try Self.magnet()
            #expect(try await client.add(url: magnet, paused: true) == Self.hash)
            #expect(try await client.add(url: magnet) == Self.hash)
            #expect(try await client.torrents().first?.state == .paused)
            try await client.start([Self.hash])
            _ = try await RealUsenetActionTests.eventually("the start") { try await client.torrents().first { $0.state != .paused } }
            try await client.reannounce([Self.hash])
            try await client.verify([Self.hash])
            try await client.stop([Self.hash])
            try await client.setSession(["pex-enabled": false, "speed-limit-down": 500])
            guard case .object(let session) = try await client.session() else {
                Issue.record("session is not an object")
                return
            }
            #expect(session["speed-limit-down"] == 500)
            try await client.remove([Self.hash], deleteData: true)
            _ = try await RealUsenetActionTests.eventually("the removal") { try await client.torrents().isEmpty ? true : nil }
            await #expect(throws: IntegrationError.self) { try await client.add(url: "not a torrent") }
        }
    }
}
