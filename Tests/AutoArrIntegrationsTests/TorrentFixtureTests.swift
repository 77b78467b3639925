import AutoArrCore
import AutoArrTestSupport
import Foundation
import Hummingbird
import Testing
@testable import AutoArrIntegrations

/// The torrent clients decode the responses recorded from the real daemons and map them to `DownloadItem`s.
@Suite struct TorrentFixtureTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(1))

    @Test func qbittorrentTorrents() async throws {
        try await FakeService.run({ router in
            router.post("api/v2/auth/login") { _, _ in FakeService.text("Ok.", headers: [.setCookie: "SID=s; path=/"]) }
            router.get("api/v2/torrents/info") { request, _ in
                request.headers[.cookie] == "SID=s" ? FakeService.json(FakeService.fixture("qbittorrent/local452_torrents_info_stalledUP_stalledDL_metaDL.json"))
                    : FakeService.text("Forbidden", status: .forbidden)
            }
        }) { url in
            let client = QBittorrentClient(transport: Self.transport, instance: ServiceInstance(
                name: "qbit", kind: .qbittorrent, url: url, credentials: .init(username: "admin", password: "adminadmin")))
            let items = try await client.torrents()
            let byId = Dictionary(uniqueKeysWithValues: items.map { ($0.downloadId, $0) })
            #expect(byId["DA410CE7F4AF9FD58224FC4CB6FCDD049AE9466F"]?.state == .completed)
            #expect(byId["DA410CE7F4AF9FD58224FC4CB6FCDD049AE9466F"]?.category == "radarr")
            #expect(byId["911CD859E08F6112AC7320EB623BDB5BF566C902"]?.state == .downloading)
            #expect(byId["911CD859E08F6112AC7320EB623BDB5BF566C902"]?.clientStatus == "stalledDL")
            #expect(byId["911CD859E08F6112AC7320EB623BDB5BF566C902"]?.remainingBytes == 300_000)
            #expect(byId["0123456789ABCDEF0123456789ABCDEF01234567"]?.clientStatus == "metaDL")
            #expect(byId["0123456789ABCDEF0123456789ABCDEF01234567"]?.category == nil)
        }
    }

    @Test(arguments: [
        ("pausedDL", DownloadItem.State.paused), ("stoppedDL", .paused), ("stoppedUP", .completed), ("checkingDL", .queued),
        ("queuedDL", .queued), ("missingFiles", .failed), ("forcedDL", .downloading), ("someFutureState", .queued),
    ])
    func qbittorrentStatesAcrossVersions(state: String, expected: DownloadItem.State) {
        #expect(QBittorrentGateway.state(state) == expected)
    }

    @Test func transmissionTorrents() async throws {
        let fixture = "transmission/local300_torrent-get_stalled_seeding_magnet.json"
        try await FakeService.run({ router in
            router.post("transmission/rpc") { request, _ in
                guard request.headers[.init("X-Transmission-Session-Id")!] == "s" else {
                    return FakeService.text("", status: .conflict, headers: [.init("X-Transmission-Session-Id")!: "s"])
                }
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                let name = body.contains("torrent-get") ? (body.contains("hashString") ? fixture : "") : ""
                return FakeService.json(name.isEmpty ? #"{"result":"no method"}"# : FakeService.fixture(name))
            }
        }) { url in
            let client = TransmissionClient(transport: Self.transport, instance: ServiceInstance(name: "tr", kind: .transmission, url: url))
            let items = try await client.torrents()
            #expect(items.map(\.state) == [.downloading, .completed, .downloading])
            #expect(items[0].downloadId == "911CD859E08F6112AC7320EB623BDB5BF566C902")
            #expect(items[0].remainingBytes == 300_000)
        }
    }

    @Test func transmissionLocalErrorFailsTheDownload() throws {
        let data = Data(FakeService.fixture("transmission/local300_torrent-get_local-error3_stopped_labels.json").utf8)
        let reply = try JSONDecoder().decode(TransmissionReply<TransmissionTorrents>.self, from: data)
        let items = try #require(reply.arguments).torrents.map { TransmissionGateway.item($0, instance: "tr") }
        #expect(items[0].category == "sonarr")
        #expect(items[1].state == .failed)
        #expect(items[1].failureMessage?.hasPrefix("No data found!") == true)
        #expect(items[2].state == .paused)
    }
}

extension TorrentFixtureTests {
    /// The refused-announce tracker recorded from the real qBittorrent 4.5.2.
    @Test func qbittorrentTrackersFixture() throws {
        let trackers = try JSONDecoder().decode(
            [QBittorrentClient.Tracker].self, from: Data(FakeService.fixture("qbittorrent/local452_torrents_trackers_refused.json").utf8))
        let refused = try #require(trackers.first { $0.url.hasPrefix("http") })
        #expect(refused.status == 4)
        #expect(refused.msg == "Connection refused")
    }
}
