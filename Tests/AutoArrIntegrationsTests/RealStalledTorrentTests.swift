import AutoArrCore
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// Stalled torrents in the real qBittorrent and Transmission: a .torrent with no data on disk, no peers and a
/// tracker on a closed local port.
@Suite(.serialized) struct RealStalledTorrentTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(100))

    @Test func qbittorrentStalledDownloadWithARefusedTracker() async throws {
        let torrent = TestTorrent(name: "Stalled.Show.S01E03.720p.WEB-TEST.mkv", trackerPort: try RealDaemon.freePort())
        try await RealDaemon.with(.qbittorrent) { daemon in
            let client = QBittorrentClient(transport: Self.transport, instance: ServiceInstance(
                name: "qbit", kind: .qbittorrent, url: daemon.url, credentials: .init(username: daemon.username, password: daemon.password), timeout: 5))
            try await client.add(torrentFile: torrent.data, named: "stalled.torrent", category: "tv-sonarr")
            let stalled = try await RealUsenetActionTests.eventually("stalledDL", seconds: 30) {
                try await client.torrents().first { $0.downloadId == torrent.hash && $0.clientStatus == "stalledDL" }
            }
            #expect(stalled.state == .downloading)
            #expect(stalled.remainingBytes == 300_000)
            // When qBittorrent announces is its own business (under load it may not within a test's time), so only
            // the tracker list is checked here; the refused-announce wire format is in the recorded fixture.
            let trackers = try await client.trackers(torrent.hash)
            #expect(trackers.contains { $0.url.hasPrefix("http://127.0.0.1:") && $0.url.hasSuffix("/announce") })
            await #expect(throws: IntegrationError.self) { try await client.add(torrentFile: Data("not a torrent".utf8), named: "bad.nzb") }
        }
    }

    @Test func transmissionDownloadThatCannotReachItsTracker() async throws {
        let torrent = TestTorrent(name: "Stalled.Movie.2020.1080p-TEST.mkv", trackerPort: try RealDaemon.freePort())
        try await RealDaemon.with(.transmission) { daemon in
            let client = TransmissionClient(transport: Self.transport, instance: ServiceInstance(
                name: "tr", kind: .transmission, url: daemon.url, credentials: .init(username: daemon.username, password: daemon.password), timeout: 5))
            #expect(try await client.add(torrentFile: torrent.data) == torrent.hash)
            let downloading = try await RealUsenetActionTests.eventually("status 4", seconds: 30) {
                try await client.torrents().first { $0.downloadId == torrent.hash && $0.clientStatus == "status 4" }
            }
            #expect(downloading.progress == 0)
            let trackers = try await client.trackers(torrent.hash)
            #expect(trackers.contains { $0.announce.hasPrefix("http://127.0.0.1:") && !$0.lastAnnounceSucceeded })
        }
    }
}
