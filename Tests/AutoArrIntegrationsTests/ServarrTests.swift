import AutoArrCore
import AutoArrTestSupport
import Foundation
import Hummingbird
import Synchronization
import Testing
@testable import AutoArrIntegrations

/// The Sonarr/Radarr client against recorded responses, and its wire types against the official specs.
@Suite struct ServarrTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(1))

    static func client(_ kind: ServiceKind, _ url: URL) -> ServarrClient {
        ServarrClient(transport: transport, instance: ServiceInstance(name: "\(kind.rawValue)-1", kind: kind, url: url, credentials: .init(apiKey: "k")))
    }

    /// Every key our wire types read is a property of the resource in both official specs.
    @Test(arguments: [
        ("QueueResource", ServarrQueueRecord.CodingKeys.allCases.map(\.rawValue)),
        ("TrackedDownloadStatusMessage", ServarrQueueRecord.StatusMessage.CodingKeys.allCases.map(\.rawValue)),
        ("HistoryResource", ServarrHistoryRecord.CodingKeys.allCases.map(\.rawValue)),
        ("CommandResource", ServarrCommand.CodingKeys.allCases.map(\.rawValue)),
        ("HealthResource", ServarrHealth.CodingKeys.allCases.map(\.rawValue)),
        ("SystemResource", ServarrSystemStatus.CodingKeys.allCases.map(\.rawValue)),
    ])
    func wireTypesAgreeWithTheSpecs(schema: String, keys: [String]) throws {
        for (spec, mediaKeys) in [("sonarr", ["movieId"]), ("radarr", ["seriesId", "episodeId"])] {
            let data = Data(FakeService.fixture("specs/\(spec)-openapi.json").utf8)
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let properties = try #require((schemas[schema] as? [String: Any])?["properties"] as? [String: Any], "\(spec) has no \(schema)")
            // Sonarr's records have series/episode ids, Radarr's a movie id; the type reads whichever is there.
            let missing = Set(keys).subtracting(properties.keys).subtracting(mediaKeys)
            #expect(missing.isEmpty, "\(spec) \(schema) lacks \(missing.sorted())")
        }
    }

    @Test func queuesFromBothArrs() async throws {
        try await FakeService.run({ router in
            router.get("api/v3/queue") { request, _ in
                guard request.headers[.init("X-Api-Key")!] == "k" else { return FakeService.text("", status: .unauthorized) }
                let query = request.uri.queryParameters
                if query["includeMovie"] == "true" { return FakeService.json(FakeService.fixture("radarr/pyarr_queue.json")) }
                guard query["includeSeries"] == "true", query["includeEpisode"] == "true" else { return FakeService.json(#"{"records":[]}"#) }
                return FakeService.json(FakeService.fixture("sonarr/ha_queue_season_pack_paused_includeSeries_includeEpisode.json"))
            }
        }) { url in
            let radarr = try await Self.client(.radarr, url).queue()
            let goodfellas = try #require(radarr.items.first)
            #expect(goodfellas.downloadId == "202B87F7190B45F86487C7A28A49EA5A5EB939A5")
            #expect(goodfellas.mediaId == 311)
            #expect(goodfellas.trackedDownloadState == "downloading")
            #expect(goodfellas.protocolName == "torrent")
            #expect(goodfellas.sizeBytes == 6_202_395_598)

            let sonarr = try await Self.client(.sonarr, url).queue()
            let house = try #require(sonarr.items.first)
            #expect(house.status == "paused")
            #expect(house.mediaId == 64)
            #expect(house.episodeId == 2303)
            #expect(sonarr.total == sonarr.items.count)
        }
    }

    @Test func importBlockedMessagesAreKept() async throws {
        try await FakeService.run({ router in
            router.get("api/v3/queue") { _, _ in FakeService.json(FakeService.fixture("sonarr/decluttarr_MOCK_queue_importBlocked.json")) }
        }) { url in
            let items = try await Self.client(.sonarr, url).queue().items
            #expect(!items.isEmpty)
            #expect(items.contains { !$0.messages.isEmpty })
        }
    }

    @Test func queueRemovalSendsTheFlags() async throws {
        let seen = Recorded<[String]>([])
        try await FakeService.run({ router in
            router.delete("api/v3/queue/{id}") { request, context in
                seen.value.withLock { $0.append("\(context.parameters.get("id")!)?\(request.uri.query ?? "")") }
                return FakeService.json("")
            }
            router.delete("api/v3/queue/bulk") { request, _ in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                seen.value.withLock { $0.append("bulk \(body)?\(request.uri.query ?? "")") }
                return FakeService.json("")
            }
        }) { url in
            let client = Self.client(.sonarr, url)
            try await client.deleteQueueItem(7, removeFromClient: true, blocklist: true)
            try await client.deleteQueueItems([1, 2], removeFromClient: true, blocklist: false, skipRedownload: true)
            #expect(seen.value.withLock { $0 } == [
                "7?removeFromClient=true&blocklist=true&skipRedownload=false",
                #"bulk {"ids":[1,2]}?removeFromClient=true&blocklist=false&skipRedownload=true"#,
            ])
        }
    }

    @Test func commandsHistoryHealthAndConfig() async throws {
        let posted = Recorded<[String]>([])
        try await FakeService.run({ router in
            router.post("api/v3/command") { request, _ in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                posted.value.withLock { $0.append(body) }
                return FakeService.json(FakeService.fixture("sonarr/pyarr_command.json"))
            }
            router.get("api/v3/command/{id}") { _, _ in FakeService.json(FakeService.fixture("sonarr/pyarr_command.json")) }
            router.get("api/v3/history") { request, _ in
                let query = request.uri.queryParameters
                guard query["downloadId"] == "B0DFA7663432B216A08FAB21FC13265464DDA9DA", query["eventType"] == "4" else { return FakeService.json(#"{"records":[]}"#) }
                return FakeService.json(FakeService.fixture("sonarr/pyarr_history.json"))
            }
            router.get("api/v3/health") { _, _ in FakeService.json(FakeService.fixture("radarr/ha_health_downloadclient_error.json")) }
            router.get("api/v3/config/mediamanagement") { _, _ in FakeService.json(FakeService.fixture("sonarr/pyarr_config_mediamanagement.json")) }
            router.put("api/v3/config/mediamanagement/{id}") { request, _ in
                FakeService.json(String(buffer: try await request.body.collect(upTo: 1 << 20)))
            }
            router.get("api/v3/qualityprofile") { _, _ in FakeService.json(FakeService.fixture("sonarr/pyarr_qualityprofile_all.json")) }
            router.get("api/v3/config/naming") { _, _ in FakeService.json(FakeService.fixture("sonarr/pyarr_config_naming.json")) }
            router.get("api/v3/config/downloadclient") { _, _ in FakeService.json(FakeService.fixture("sonarr/pyarr_config_downloadclient.json")) }
            router.get("api/v3/series/lookup") { _, _ in FakeService.json(FakeService.fixture("sonarr/pyarr_series_lookup_PLACEHOLDER_VALUES.json")) }
        }) { url in
            let client = Self.client(.sonarr, url)
            let command = try await client.command(.seasonSearch(seriesId: 5, seasonNumber: 2))
            #expect(command.status == "completed")
            let body = try JSONDecoder().decode([String: JSONValue].self, from: Data(posted.value.withLock { $0 }[0].utf8))
            #expect(body == ["name": "SeasonSearch", "seriesId": 5, "seasonNumber": 2])
            #expect(try await client.commandStatus(command.id).name == "RefreshMonitoredDownloads")

            let failures = try await client.history(downloadId: "B0DFA7663432B216A08FAB21FC13265464DDA9DA", eventType: ServarrClient.downloadFailedEvent)
            #expect(failures.first?.downloadId == "B0DFA7663432B216A08FAB21FC13265464DDA9DA")

            #expect(try await client.health().first?.source == "DownloadClientStatusCheck")

            // A config is saved whole: every field read comes back, with the change.
            guard case .object(var settings) = try await client.config("mediamanagement") else {
                Issue.record("mediamanagement is not an object")
                return
            }
            let fieldCount = settings.count
            settings["copyUsingHardlinks"] = true
            guard case .object(let saved) = try await client.updateConfig("mediamanagement", .object(settings)) else {
                Issue.record("the saved config is not an object")
                return
            }
            #expect(saved.count == fieldCount)
            #expect(saved["copyUsingHardlinks"] == true)

            for name in ["naming", "downloadclient"] {
                guard case .object = try await client.config(name) else { Issue.record("\(name) is not an object"); return }
            }
            guard case .array(let profiles) = try await client.list("qualityprofile"), !profiles.isEmpty else {
                Issue.record("no quality profiles")
                return
            }
            guard case .array = try await client.lookup("the office") else { Issue.record("lookup is not a list"); return }
        }
    }

    final class Recorded<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ initial: Value) { value = Mutex(initial) }
    }
}
