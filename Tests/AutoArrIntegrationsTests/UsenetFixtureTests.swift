import AutoArrCore
import AutoArrTestSupport
import Foundation
import Hummingbird
import Testing
@testable import AutoArrIntegrations

/// The Usenet clients decode the responses recorded from the real daemons and map them to `DownloadItem`s.
@Suite struct UsenetFixtureTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(1))

    @Test func sabnzbdQueueAndHistory() async throws {
        try await FakeService.run({ router in
            router.get("sabnzbd/api") { request, _ in
                switch (request.uri.queryParameters["mode"], request.uri.queryParameters["failed_only"]) {
                case ("queue", _): FakeService.json(FakeService.fixture("sabnzbd/local371_queue_downloading.json"))
                case ("history", _): FakeService.json(FakeService.fixture("sabnzbd/local371_history_failed_and_completed.json"))
                default: FakeService.json(#"{"status":false,"error":"not implemented"}"#)
                }
            }
        }) { url in
            let client = SABnzbdClient(transport: Self.transport, instance: ServiceInstance(name: "sab", kind: .sabnzbd, url: url, credentials: .init(apiKey: "k")))
            let queue = try await client.queue()
            let downloading = try #require(queue.first { $0.downloadId == "SABnzbd_nzo_7m6_i3f_" })
            #expect(downloading.state == .downloading)
            #expect(downloading.title == "Slow.Show.S04E05.1080p.WEB.h264-FAKE")
            #expect(downloading.category == "tv")
            #expect(downloading.progress == 0.33)
            #expect(downloading.sizeBytes == Int64((0.59 * 1_048_576).rounded()))

            let history = try await client.history()
            #expect(history.count == 3)
            let failed = try #require(history.first { $0.state == .failed })
            #expect(failed.failureMessage == "Download failed - Not on your server(s) - https://sabnzbd.org/not-complete")
            #expect(history.filter { $0.state == .completed }.count == 2)
        }
    }

    @Test func sabnzbdPausedSlot() async throws {
        try await FakeService.run({ router in
            router.get("sabnzbd/api") { _, _ in FakeService.json(FakeService.fixture("sabnzbd/local371_queue_paused_slot.json")) }
        }) { url in
            let client = SABnzbdClient(transport: Self.transport, instance: ServiceInstance(name: "sab", kind: .sabnzbd, url: url, credentials: .init(apiKey: "k")))
            let states = try await client.queue().map(\.state)
            #expect(states == [.paused])
        }
    }

    @Test func nzbgetQueueAndHistory() async throws {
        try await FakeService.run({ router in
            router.post("jsonrpc") { request, _ in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                if body.contains(#""method":"listgroups""#) { return FakeService.json(FakeService.fixture("nzbget/local210_listgroups_paused_item.json")) }
                if body.contains(#""params":[true]"#) { return FakeService.json(FakeService.fixture("nzbget/local210_history_hidden_incl_deleted.json")) }
                return FakeService.json(FakeService.fixture("nzbget/local210_history_failed_success.json"))
            }
        }) { url in
            let client = NZBGetClient(transport: Self.transport, instance: ServiceInstance(name: "nzbget", kind: .nzbget, url: url))
            let queue = try await client.queue()
            #expect(queue.map(\.downloadId) == ["4"])
            #expect(queue.first?.state == .paused)
            #expect(queue.first?.sizeBytes == 51498)
            #expect(queue.first?.category == "Series")

            let history = try await client.history()
            let byId = Dictionary(uniqueKeysWithValues: history.map { ($0.downloadId, $0) })
            #expect(byId["6"]?.state == .completed)
            #expect(byId["3"]?.state == .failed)
            #expect(byId["3"]?.clientStatus == "FAILURE/HEALTH")
            #expect(byId["4"]?.state == .removed)
            let hidden = try await client.history(includeHidden: true)
            #expect(hidden.map(\.downloadId) == ["3", "4", "1"])
        }
    }
}
