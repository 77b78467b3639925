import AutoArrApp
import AutoArrCore
@testable import AutoArrIntegrations
import AutoArrServer
import AutoArrSimulator
import AutoArrTestSupport
import Foundation
import Testing

/// Recovery end to end with real download clients: a job really fails in SABnzbd or NZBGet (every article answered
/// 430 by a local news server) while the simulated Radarr tracks it. The monitor detects it and the full chain
/// (blocklist, re-search, activity trail) happens once and only once.
@Suite(.serialized) struct RealRecoveryTests {
    static func eventually<T>(_ what: String, seconds: Int = 60, _ probe: () async throws -> T?) async throws -> T {
        for _ in 0..<(seconds * 10) {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RealDaemon.Unavailable(description: "timed out waiting for \(what)")
    }

    static func chain(client: ServiceDraft, add: @escaping @Sendable (ServiceInstance) async throws -> String) async throws {
        let simulation = Simulation()
        _ = await simulation.servarr(.radarr, SimRequest(method: "PUT", segments: ["config", "downloadclient", "1"], body: [
            "id": 1, "enableCompletedDownloadHandling": true, "autoRedownloadFailed": false]))
        try await Simulator.with(simulation) { endpoints in
            try await TestApp().run { _, components in
                _ = try await components.services.create(ServiceDraft(name: "radarr", kind: "radarr", url: endpoints.radarr.absoluteString,
                                                                       credentials: .init(apiKey: simulation.keys.radarr)))
                let instance = try await components.services.create(client)
                let release = "Broken.Movie.2023.1080p-TEST"
                let downloadId = try await add(instance)
                try #require(await simulation.trackExternal(downloadId: downloadId, release: release, tmdbId: 872585) != nil)

                let failure = try await eventually("the monitor to see the failure") { () -> FailureRecord? in
                    let report = await components.monitor.pass()
                    #expect(report.errors.isEmpty, "\(report.errors)")
                    return try await components.database.recovery.failures(statuses: [], limit: 5).first
                }
                #expect(failure.kind == .missingArticles)
                #expect(failure.downloadId == downloadId)
                for _ in 0..<3 { await components.monitor.pass() }
                let attempts = try await components.database.recovery.attempts(failureId: failure.id)
                #expect(attempts.map(\.strategy) == [.blocklistAndSearch])
                #expect(attempts.map(\.status) == [.done])
                let state = await simulation.summary()
                #expect(state["radarr"]?["blocklist"] == 1)
                #expect(state["sabnzbd"]?["queue"] == 1)  // Radarr's new search grabbed another release
                var query = ActivityQuery()
                query.correlationId = failure.correlationId
                let trail = try await components.database.activity.page(query).items.map(\.event.type).reversed()
                #expect(Array(trail) == [.downloadFailed, .recoveryPlanned, .recoveryPerformed, .recoveryWaiting, .recoveryResolved])
                let settled = try await components.database.recovery.failures(statuses: [], limit: 5).first
                #expect(settled?.status == .resolved)
                #expect(settled?.note?.hasPrefix("radarr grabbed another release") == true, "\(settled?.note ?? "")")
            }
        }
    }

    @Test func aJobThatReallyFailsInSABnzbdIsRecoveredOnce() async throws {
        try await FailingNewsServer.with { news in
            try await RealDaemon.with(.sabnzbd, newsServerPort: news.port) { daemon in
                try await Self.chain(client: ServiceDraft(name: "sab", kind: "sabnzbd", url: daemon.url.absoluteString, credentials: .init(apiKey: daemon.apiKey))) { instance in
                    try await SABnzbdClient(transport: HTTPTransport(), instance: instance)
                        .addFile(named: "Broken.Movie.2023.1080p-TEST.nzb", nzb: TestNZB.make(name: "Broken.Movie.2023"), category: nil)
                }
            }
        }
    }

    /// A real SABnzbd job fails while the simulated Sonarr holds its record; Sonarr marks it failed and blocklists it
    /// but has redownload-failed off: AutoArr searches exactly once, and a restarted monitor repeats nothing.
    @Test func aFailureSonarrBlocklistsWithoutRedownloadingIsSearchedOnceAcrossARestart() async throws {
        try await FailingNewsServer.with { news in
            try await RealDaemon.with(.sabnzbd, newsServerPort: news.port) { daemon in
                let simulation = Simulation()
                _ = await simulation.servarr(.sonarr, SimRequest(method: "PUT", segments: ["config", "downloadclient", "1"], body: [
                    "id": 1, "enableCompletedDownloadHandling": true, "autoRedownloadFailed": false, "autoRedownloadFailedFromInteractiveSearch": false]))
                try await Simulator.with(simulation) { endpoints in
                    try await TestApp().run { _, components in
                        _ = try await components.services.create(ServiceDraft(name: "sonarr", kind: "sonarr", url: endpoints.sonarr.absoluteString,
                                                                               credentials: .init(apiKey: simulation.keys.sonarr)))
                        let sab = try await components.services.create(ServiceDraft(name: "sab", kind: "sabnzbd", url: daemon.url.absoluteString,
                                                                                    credentials: .init(apiKey: daemon.apiKey)))
                        let client = SABnzbdClient(transport: HTTPTransport(), instance: sab)
                        let release = "Breaking.Bad.S01E01.1080p.WEB-TEST"
                        let downloadId = try await client.addFile(named: "\(release).nzb", nzb: TestNZB.make(name: "Breaking.Bad.S01E01"), category: nil)
                        try #require(await simulation.trackExternalEpisode(downloadId: downloadId, release: release, tvdbId: 81189, season: 1, episode: 1) != nil)
                        let failed = try await Self.eventually("SABnzbd to fail the job") { () -> DownloadItem? in
                            try await client.history().first { $0.downloadId == downloadId && $0.state == .failed }
                        }
                        await simulation.failExternal(downloadId: downloadId, message: failed.failureMessage ?? "failed")
                        let grabs = { await simulation.servarr(.sonarr, SimRequest(method: "GET", segments: ["history"], query: ["eventType": ["1"]])).json?["totalRecords"]?.intValue }
                        #expect(await grabs() == 1)

                        let report = await components.monitor.pass()
                        #expect(report.errors.isEmpty, "\(report.errors)")
                        let store = components.database.recovery
                        let failure = try #require(try await store.failures(statuses: [], limit: 5).first)
                        #expect(failure.kind == .missingArticles)
                        #expect(try await store.attempts(failureId: failure.id).map(\.strategy) == [.search])
                        #expect(await grabs() == 2)  // one search, one new release
                        #expect((await simulation.summary())["sonarr"]?["blocklist"] == 1)  // Sonarr's own, never AutoArr's again

                        let restarted = MonitorScenarioTests.restarted(components)
                        for _ in 0..<3 { await restarted.pass() }
                        #expect(try await store.attempts(failureId: failure.id).count == 1)
                        #expect(await grabs() == 2)
                        #expect((await simulation.summary())["sonarr"]?["blocklist"] == 1)
                        let settled = try #require(try await store.failures(statuses: [], limit: 5).first)
                        #expect(settled.status == .resolved)
                        #expect(settled.note?.hasPrefix("sonarr grabbed another release, Breaking.Bad.S01E01") == true, "\(settled.note ?? "")")
                    }
                }
            }
        }
    }

    @Test func aJobThatReallyFailsInNZBGetIsRecoveredOnce() async throws {
        try await FailingNewsServer.with { news in
            try await RealDaemon.with(.nzbget, newsServerPort: news.port) { daemon in
                try await Self.chain(client: ServiceDraft(name: "nzbget", kind: "nzbget", url: daemon.url.absoluteString,
                                                          credentials: .init(username: daemon.username, password: daemon.password))) { instance in
                    String(try await NZBGetClient(transport: HTTPTransport(), instance: instance)
                        .append(filename: "Broken.Movie.2023.1080p-TEST.nzb", nzb: TestNZB.make(name: "Broken.Movie.2023"), category: "Movies"))
                }
            }
        }
    }
}

/// Stalled torrents in the real qBittorrent and Transmission earn their strikes across monitor passes and are then
/// handled (reannounced: no *arr tracks them, so nothing is blocklisted).
@Suite(.serialized) struct RealStalledRecoveryTests {
    static func handle(_ draft: @escaping @Sendable (RealDaemon) -> ServiceDraft, kind: RealDaemon.Kind,
                       add: @escaping @Sendable (ServiceInstance, TestTorrent) async throws -> Void) async throws {
        let torrent = TestTorrent(name: "Stalled.Movie.2021.1080p-TEST.mkv", trackerPort: try RealDaemon.freePort())
        try await RealDaemon.with(kind) { daemon in
            var app = TestApp()
            app.config.monitor.stall.stallAfter = 0.2
            app.config.monitor.stall.strikes = 2
            try await app.run { _, components in
                let instance = try await components.services.create(draft(daemon))
                try await add(instance, torrent)
                var strikesSeen = false
                let failure = try await RealRecoveryTests.eventually("the stall to be handled", seconds: 60) { () -> FailureRecord? in
                    let report = await components.monitor.pass()
                    #expect(report.errors.isEmpty, "\(report.errors)")
                    if await components.monitor.queue.contains(where: { $0.item?.downloadId == torrent.hash && $0.item?.state == .downloading }) { strikesSeen = true }
                    try await Task.sleep(for: .milliseconds(250))
                    return try await components.database.recovery.failures(statuses: [], limit: 5).first
                }
                #expect(strikesSeen)
                #expect(failure.kind == .stalled)
                #expect(failure.downloadId == torrent.hash)
                let attempts = try await components.database.recovery.attempts(failureId: failure.id)
                #expect(attempts.map(\.strategy) == [.reannounce])
                #expect(attempts.map(\.status) == [.done], "\(attempts.map(\.detail))")
            }
        }
    }

    @Test func aStalledTorrentInQBittorrentIsReannounced() async throws {
        try await Self.handle({ ServiceDraft(name: "qbit", kind: "qbittorrent", url: $0.url.absoluteString, credentials: .init(username: $0.username, password: $0.password)) },
                              kind: .qbittorrent) { instance, torrent in
            try await QBittorrentClient(transport: HTTPTransport(), instance: instance).add(torrentFile: torrent.data, named: "stalled.torrent", category: "movies")
        }
    }

    @Test func aStalledTorrentInTransmissionIsReannounced() async throws {
        try await Self.handle({ ServiceDraft(name: "tr", kind: "transmission", url: $0.url.absoluteString, credentials: .init(username: $0.username, password: $0.password)) },
                              kind: .transmission) { instance, torrent in
            _ = try await TransmissionClient(transport: HTTPTransport(), instance: instance).add(torrentFile: torrent.data)
        }
    }
}
