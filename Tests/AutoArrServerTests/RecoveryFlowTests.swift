import AutoArrApp
import AutoArrCore
import AutoArrIntegrations
import AutoArrServer
import AutoArrSimulator
import Foundation
import Synchronization
import AutoArrTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The monitor and recovery engine against the simulated Radarr and SABnzbd, with a real SQLite database.
@Suite struct RecoveryFlowTests {
    /// Counts what would be sent, to prove nothing is sent twice.
    final class CountingActions: RecoveryActions, Sendable {
        let sent = Mutex<[RecoveryStrategy]>([])
        /// Whether the fallen-back item has imported yet; each restore asked for is counted.
        let imported = Mutex(false)
        let restores = Mutex<[ProfileRestore]>([])
        func perform(_ strategy: RecoveryStrategy, item: DownloadItem?, arr: ArrQueueItem?, removeFromClient: Bool) async throws -> RecoveryOutcome {
            // Each fallback goes one profile down: 5 → 4, then 4 → 3.
            let fallbacks = sent.withLock { $0.append(strategy); return $0.filter { $0 == .qualityFallback }.count }
            guard strategy == .qualityFallback, let arr, let mediaId = arr.mediaId else { return RecoveryOutcome("counted") }
            return RecoveryOutcome("fell back", restore: ProfileRestore(instance: arr.instance, mediaId: mediaId, episodeId: nil, title: arr.title,
                                                                         originalProfileId: 6 - fallbacks, fallbackProfileId: 5 - fallbacks))
        }
        func restoreProfile(_ restore: ProfileRestore) async throws -> String? {
            guard imported.withLock({ $0 }) else { return nil }
            restores.withLock { $0.append(restore) }
            return "switched back"
        }
    }

    static func radarrRedownloadOff(_ simulation: Simulation) async {
        _ = await simulation.servarr(.radarr, SimRequest(method: "PUT", segments: ["config", "downloadclient", "1"], body: [
            "id": 1, "enableCompletedDownloadHandling": true, "autoRedownloadFailed": false]))
    }

    @Test func aFailedDownloadIsBlocklistedAndSearchedOnceAndOnlyOnce() async throws {
        let simulation = Simulation()
        await Self.radarrRedownloadOff(simulation)
        await simulation.inject(DownloadFaultRule(.fail(message: DownloadFault.missingArticles, atPercent: 30), titleContains: "Inception"))
        try await Simulator.with(simulation) { endpoints in
            try await TestApp().run { _, components in
                let keys = simulation.keys
                _ = try await components.services.create(ServiceDraft(name: "radarr", kind: "radarr", url: endpoints.radarr.absoluteString, credentials: .init(apiKey: keys.radarr)))
                _ = try await components.services.create(ServiceDraft(name: "sabnzbd", kind: "sabnzbd", url: endpoints.sabnzbd.absoluteString, credentials: .init(apiKey: keys.sabnzbd)))
                _ = await simulation.servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                    "tmdbId": 27205, "qualityProfileId": 4, "rootFolderPath": "/data/media/movies", "addOptions": ["searchForMovie": true]]))
                let services = components.services
                let gateway = DownloadGateway(transport: HTTPTransport(), instance: { try await services.instance(named: $0) })
                let engine = RecoveryEngine(store: components.database.recovery, bus: components.bus, actions: gateway)
                let monitor = DownloadMonitor(services: services, sources: gateway, engine: engine, bus: components.bus)

                let first = await monitor.pass()
                #expect(first.errors.isEmpty, "\(first.errors)")
                #expect(first.failures == 0)
                await simulation.advance(by: 3600)  // SABnzbd fails the job; Radarr has not processed it yet
                let failing = await monitor.pass()
                #expect(failing.failures == 1, "\(failing)")
                let failures = try await components.database.recovery.failures(statuses: [], limit: 10)
                let failure = try #require(failures.first)
                #expect(failure.kind == .missingArticles)
                let attempts = try await components.database.recovery.attempts(failureId: failure.id)
                #expect(attempts.map(\.strategy) == [.blocklistAndSearch])
                #expect(attempts.map(\.status) == [.done])
                let state = await simulation.summary()
                #expect(state["radarr"]?["blocklist"] == 1)
                #expect(state["radarr"]?["queue"] == 1)  // the new release

                // Later passes and Radarr's own processing never repeat it.
                await simulation.advance(by: 1)
                _ = await monitor.pass()
                _ = await monitor.pass()
                #expect(try await components.database.recovery.attempts(failureId: failure.id).count == 1)
                #expect((await simulation.summary())["radarr"]?["blocklist"] == 1)
                var query = ActivityQuery()
                query.correlationId = failure.correlationId
                let trail = try await components.database.activity.page(query).items.map(\.event.type)
                #expect(trail.reversed() == [.downloadFailed, .recoveryPlanned, .recoveryPerformed, .recoveryWaiting, .recoveryResolved])
                // Resolved because Radarr was seen to grab another release, and saying so.
                let settled = try #require(try await components.database.recovery.failures(statuses: [], limit: 10).first)
                #expect(settled.status == .resolved)
                #expect(settled.note?.hasPrefix("radarr grabbed another release, Inception.2010.") == true, "\(settled.note ?? "")")
            }
        }
    }

    @Test func anAttemptInterruptedMidPassIsNeverSentAgain() async throws {
        try await TestApp().run { _, components in
            let store = components.database.recovery
            let now = Date()
            let item = DownloadItem(instance: "sab", downloadId: "SABnzbd_nzo_x", title: "Some.Movie", category: "movies", state: .failed,
                                    progress: 0.3, sizeBytes: 100, remainingBytes: 70, clientStatus: "Failed", failureMessage: DownloadFault.missingArticles)
            let arr = ArrQueueItem(instance: "radarr", id: 5, downloadId: "SABnzbd_nzo_x", title: "Some.Movie", status: "failed", trackedDownloadStatus: "warning",
                                   trackedDownloadState: "failedPending", messages: [], errorMessage: nil, protocolName: "usenet", downloadClient: "SABnzbd",
                                   mediaId: 1, episodeId: nil, sizeBytes: nil, remainingBytes: nil)
            // A previous process wrote the attempt and sent it, then was killed before recording the outcome.
            let (failure, _) = try await store.failure(FailureRecord(instance: "sab", downloadId: "SABnzbd_nzo_x", title: "Some.Movie", kind: .missingArticles,
                                                                     firstSeen: now, lastSeen: now))
            let interrupted = try await store.insert(AttemptRecord(failureId: failure.id, correlationId: failure.correlationId, strategy: .blocklistAndSearch,
                                                                   createdAt: now))
            try await store.finish(attemptId: interrupted.id, status: .sent, detail: nil, at: now)

            let actions = CountingActions()
            let engine = RecoveryEngine(store: store, bus: components.bus, actions: actions)
            let plan = try await engine.handle(FailureObservation(kind: .missingArticles, item: item, arr: arr), now: now.addingTimeInterval(5))
            guard case .wait = plan.action else { Issue.record("expected a backoff, got \(plan)"); return }
            #expect(actions.sent.withLock { $0 }.isEmpty)
            let attempts = try await store.attempts(failureId: failure.id)
            #expect(attempts.map(\.status) == [.failed])
            #expect(attempts.first?.detail?.contains("not repeated") == true)

            // After the backoff, the next strategy (not the same send again) goes out.
            _ = try await engine.handle(FailureObservation(kind: .missingArticles, item: item, arr: arr), now: now.addingTimeInterval(120))
            #expect(actions.sent.withLock { $0 } == [.blocklistAndSearch])
            #expect(try await store.attempts(failureId: failure.id).count == 2)
        }
    }

    /// Inception, added to Radarr (its own redownload off), whose SABnzbd job has failed with missing articles.
    static func withAFailedJobRadarrTracks(_ body: @escaping @Sendable (Simulator.Endpoints, Simulation) async throws -> Void) async throws {
        let simulation = Simulation()
        await radarrRedownloadOff(simulation)
        await simulation.inject(DownloadFaultRule(.fail(message: DownloadFault.missingArticles, atPercent: 30), titleContains: "Inception"))
        try await Simulator.with(simulation) { endpoints in
            _ = await simulation.servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                "tmdbId": 27205, "qualityProfileId": 4, "rootFolderPath": "/data/media/movies", "addOptions": ["searchForMovie": true]]))
            await simulation.advance(by: 3600)  // SABnzbd fails the job
            try await body(endpoints, simulation)
        }
    }

    /// Releases of one movie failing one after another, each a new download in the client, handed to the engine.
    static func failReleases(_ releases: ClosedRange<Int>, of engine: RecoveryEngine) async throws {
        for release in releases {
            let id = "SABnzbd_nzo_r\(release)"
            let item = DownloadItem(instance: "sab", downloadId: id, title: "Dune.Part.Two.\(release)", category: "movies", state: .failed, progress: 0.4,
                                    sizeBytes: 100, remainingBytes: 60, clientStatus: "Failed", failureMessage: DownloadFault.missingArticles)
            let arr = ArrQueueItem(instance: "radarr", id: 100 + release, downloadId: id, title: item.title, status: "failed", trackedDownloadStatus: "warning",
                                   trackedDownloadState: "failedPending", messages: [], errorMessage: nil, protocolName: "usenet", downloadClient: "SABnzbd",
                                   mediaId: 7, episodeId: nil, sizeBytes: nil, remainingBytes: nil)
            try await engine.handle(FailureObservation(kind: .missingArticles, item: item, arr: arr), now: Date().addingTimeInterval(Double(release) * 10))
        }
    }

    /// A data dir whose autoarr.yml has the simulated Radarr and SABnzbd, with passes a second apart after a change.
    static func dataDir(_ endpoints: Simulator.Endpoints, _ keys: Simulation.Keys) throws -> String {
        let dataDir = TestApp.temporaryDirectory()
        try """
            services:
              - { name: radarr, kind: radarr, url: "\(endpoints.radarr.absoluteString)", apiKey: \(keys.radarr), timeout: 60s }
              - { name: sabnzbd, kind: sabnzbd, url: "\(endpoints.sabnzbd.absoluteString)", apiKey: \(keys.sabnzbd), timeout: 60s }
            monitor: { interval: 5s, fastInterval: 1s }
            """.write(toFile: "\(dataDir)/autoarr.yml", atomically: true, encoding: .utf8)
        return dataDir
    }

    /// `autoarr queue` and `autoarr recover [--dry-run]`, as a person runs them: only `recover` acts, once.
    @Test func queueAndRecoverFromTheCommandLine() async throws {
        try await Self.withAFailedJobRadarrTracks { endpoints, simulation in
            let dataDir = try Self.dataDir(endpoints, simulation.keys)
            let blocklisted = { await simulation.summary()["radarr"]?["blocklist"] }

            let queue = try await CLITests.run(["queue", "--data-dir", dataDir])
            #expect(queue.status == 0, "\(queue.stderr)")
            let line = queue.stdout.split(separator: "\n").first { $0.contains("Inception") }
            #expect(line?.contains("failed") == true && line?.contains("✗ missingArticles") == true, "\(queue.stdout)")
            #expect(line?.contains("radarr: failedPending") == true, "\(queue.stdout)")
            #expect(await blocklisted() == 0)

            let dryRun = try await CLITests.run(["recover", "--dry-run", "--data-dir", dataDir])
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            #expect(dryRun.stdout.contains("1 failed (dry run: nothing sent)"), "\(dryRun.stdout)")
            #expect(dryRun.stdout.contains("dry run: would blocklistAndSearch"), "\(dryRun.stdout)")
            #expect(await blocklisted() == 0)

            let recover = try await CLITests.run(["recover", "--data-dir", dataDir])
            #expect(recover.status == 0, "\(recover.stderr)")
            #expect(recover.stdout.contains("blocklisted"), "\(recover.stdout)")
            #expect(await blocklisted() == 1)
            let again = try await CLITests.run(["recover", "--data-dir", dataDir])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(await blocklisted() == 1)

            // An unreachable service is named on stderr and fails the command.
            try "services:\n  - { name: radarr, kind: radarr, url: \"http://127.0.0.1:\(try RealDaemon.freePort())\", apiKey: k, timeout: 2s }\n"
                .write(toFile: "\(dataDir)/autoarr.yml", atomically: true, encoding: .utf8)
            let down = try await CLITests.run(["recover", "--data-dir", dataDir])
            #expect(down.status == 1)
            #expect(down.stderr.contains("autoarr: radarr:"), "\(down.stderr)")
            #expect(!down.stderr.contains("radarr: radarr:"), "named once: \(down.stderr)")
            // Nor do queue and audit call an unreachable stack empty.
            let emptyQueue = try await CLITests.run(["queue", "--data-dir", dataDir])
            #expect(emptyQueue.status == 1)
            #expect(!emptyQueue.stdout.contains("Nothing in any queue."), "\(emptyQueue.stdout)")
            #expect(emptyQueue.stderr.contains("autoarr: radarr: unreachable"), "\(emptyQueue.stderr)")
            let audit = try await CLITests.run(["audit", "--data-dir", dataDir])
            #expect(audit.status == 1)
            #expect(!audit.stdout.contains("Nothing to fix.\n"), "\(audit.stdout)")
            #expect(audit.stderr.contains("could not audit radarr"), "\(audit.stderr)")
        }
    }

    /// The real binary, killed with SIGKILL while Radarr carries out its blocklist: started again on the same data, it
    /// never sends that step again, and Radarr has blocklisted and searched once.
    @Test func aKillDashNineMidSendNeverRepeatsTheStep() async throws {
        try await Self.withAFailedJobRadarrTracks { endpoints, simulation in
            // Radarr carries out the DELETE at once but answers 20 s late: autoarr dies waiting for the answer.
            await simulation.inject(HTTPFault(app: .radarr, kind: .slow, path: "/api/v3/queue/", count: 1, seconds: 20))

            let dataDir = try Self.dataDir(endpoints, simulation.keys)
            let key = try await CLITests.run(["apikey", "show", "--data-dir", dataDir]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let port = try RealDaemon.freePort()
            func serve() throws -> ChildProcess {
                let process = ChildProcess(path: CLITests.binary.path)
                process.arguments = ["serve", "--data-dir", dataDir, "--port", "\(port)"]
                try process.start()
                return process
            }

            let first = try serve()
            for _ in 0..<300 where await simulation.summary()["radarr"]?["blocklist"] != 1 { try await Task.sleep(for: .milliseconds(50)) }
            first.kill9()
            #expect(await simulation.summary()["radarr"]?["blocklist"] == 1, "the first process never reached Radarr")
            #expect(!first.isRunning)

            let second = try serve()
            defer { second.stop() }
            var attempts: [[String: Any]] = []
            for _ in 0..<200 {
                try await Task.sleep(for: .milliseconds(100))
                guard let (status, body) = try? await DemoCLITests.request("http://127.0.0.1:\(port)/api/v1/recovery/attempts", key: key), status == 200 else { continue }
                attempts = body["items"] as? [[String: Any]] ?? []
                if attempts.contains(where: { $0["status"] as? String == "failed" }) { break }
            }
            try await Task.sleep(for: .seconds(3))  // more passes, one a second, see the same failure and queue
            let (_, body) = try await DemoCLITests.request("http://127.0.0.1:\(port)/api/v1/recovery/attempts", key: key)
            attempts = body["items"] as? [[String: Any]] ?? []
            // The blocklist is never sent again; Radarr marked the release failed but will not search by itself, so
            // the second process searches, once.
            #expect(attempts.map { $0["strategy"] as? String } == ["search", "blocklistAndSearch"], "\(attempts)")
            #expect(attempts.map { $0["status"] as? String } == ["done", "failed"])
            #expect((attempts.last?["detail"] as? String)?.contains("not repeated") == true)
            let state = await simulation.summary()
            #expect(state["radarr"]?["blocklist"] == 1)
            #expect(state["radarr"]?["queue"] == 1)  // the one release Radarr grabbed after the blocklist
            let correlationId = try #require(attempts.first?["correlationId"] as? String)
            let (_, trail) = try await DemoCLITests.request("http://127.0.0.1:\(port)/api/v1/activity?correlationId=\(correlationId)", key: key)
            let types = (trail["items"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            #expect(types.contains("recovery.failed"), "\(types)")
            #expect(types.filter { $0 == "recovery.performed" }.count == 1, "\(types)")
        }
    }

    @Test func aSecondFallbackGoesBackToWhereTheFirstStarted() async throws {
        try await TestApp().run { _, components in
            let actions = CountingActions()
            let engine = RecoveryEngine(store: components.database.recovery, bus: components.bus, actions: actions)
            try await Self.failReleases(1...4, of: engine)
            #expect(actions.sent.withLock { $0 } == [.blocklistAndSearch, .blocklistAndSearch, .qualityFallback, .qualityFallback])
            // One switch back is pending: from the second fallback's profile to the profile the first one started from.
            let pending = try await components.database.recovery.pendingRestores().map(\.restore)
            #expect(pending.map(\.originalProfileId) == [5])
            #expect(pending.map(\.fallbackProfileId) == [3])
        }
    }

    @Test func repeatedFailuresOfOneItemFallBackToALowerQuality() async throws {
        try await TestApp().run { _, components in
            let actions = CountingActions()
            let engine = RecoveryEngine(store: components.database.recovery, bus: components.bus, actions: actions)
            try await Self.failReleases(1...3, of: engine)
            #expect(actions.sent.withLock { $0 } == [.blocklistAndSearch, .blocklistAndSearch, .qualityFallback])

            // The profile goes back once, after something imports, and survives a restart in between (it is in SQLite).
            #expect(try await components.database.recovery.pendingRestores().map(\.restore.originalProfileId) == [5])
            #expect(await engine.restoreProfiles().isEmpty)
            #expect(actions.restores.withLock { $0 }.isEmpty)
            let restarted = RecoveryEngine(store: components.database.recovery, bus: components.bus, actions: actions)
            actions.imported.withLock { $0 = true }
            #expect(await restarted.restoreProfiles().isEmpty)
            #expect(await restarted.restoreProfiles().isEmpty)
            #expect(actions.restores.withLock { $0 }.map(\.mediaId) == [7])
            #expect(try await components.database.recovery.pendingRestores().isEmpty)
            let events = try await components.database.activity.page(ActivityQuery()).items
            #expect(events.contains { $0.event.message.contains("switched back") })
        }
    }

    @Test func givingUpTellsTheNotificationWebhook() async throws {
        let received = Mutex<[JSONValue]>([])
        try await FakeService.run({ router in
            router.post("hook") { request, _ in
                let body = try await request.body.collect(upTo: 1 << 16)
                if let json = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body)) { received.withLock { $0.append(json) } }
                return FakeService.text("ok")
            }
        }) { url in
            var app = TestApp()
            app.config.monitor.notifyURL = url.appending(path: "hook")
            try await app.run(.live) { _, components in
                let engine = RecoveryEngine(store: components.database.recovery, bus: components.bus, actions: CountingActions())
                let item = DownloadItem(instance: "sab", downloadId: "lonely", title: "No.Arr.Tracks.This", category: nil, state: .failed, progress: 0,
                                        sizeBytes: nil, remainingBytes: nil, clientStatus: "Failed", failureMessage: DownloadFault.passwordProtected)
                // No *arr tracks it, so nothing can search for another release: a person is told.
                let plan = try await engine.handle(FailureObservation(kind: .encrypted, item: item, arr: nil))
                #expect(plan.action == .perform(.notify))
                for _ in 0..<100 where received.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(50)) }
                let hook = try #require(received.withLock { $0.first })
                #expect(hook["type"] == "recovery.gave_up")
                #expect(hook["message"]?.stringValue?.contains("No.Arr.Tracks.This") == true)
            }
        }
    }

    @Test func dryRunPlansWithoutSending() async throws {
        try await TestApp().run { _, components in
            let actions = CountingActions()
            let engine = RecoveryEngine(store: components.database.recovery, bus: components.bus, actions: actions, dryRun: true)
            let item = DownloadItem(instance: "sab", downloadId: "dry", title: "Dry.Run", category: nil, state: .failed, progress: 0, sizeBytes: nil,
                                    remainingBytes: nil, clientStatus: "Failed", failureMessage: DownloadFault.repairFailed)
            let plan = try await engine.handle(FailureObservation(kind: .repairFailed, item: item, arr: nil))
            #expect(plan.action == .perform(.notify))
            #expect(actions.sent.withLock { $0 }.isEmpty)
            let failure = try #require(try await components.database.recovery.failures(statuses: [.open], limit: 5).first)
            #expect(try await components.database.recovery.attempts(failureId: failure.id).isEmpty)
        }
    }
}

/// The monitor's other cases against the simulator, and the downloads API.
@Suite struct MonitorScenarioTests {
    static func run(_ setup: @escaping @Sendable (Simulation) async -> Void = { _ in },
                    _ body: @escaping @Sendable (any TestClientProtocol, AppComponents, Simulation, String) async throws -> Void) async throws {
        let simulation = Simulation()
        await setup(simulation)
        try await Simulator.with(simulation) { endpoints in
            try await TestApp().run { client, components in
                for draft in endpoints.drafts(keys: simulation.keys) where draft.kind != "plex" { _ = try await components.services.create(draft) }
                try await body(client, components, simulation, try await components.auth.apiKey())
            }
        }
    }

    static func add(_ simulation: Simulation, tvdb: Int) async {
        _ = await simulation.servarr(.sonarr, SimRequest(method: "POST", segments: ["series"], body: [
            "tvdbId": .number(Double(tvdb)), "qualityProfileId": 4, "rootFolderPath": "/data/media/tv", "addOptions": ["monitor": "all", "searchForMissingEpisodes": true]]))
    }

    /// Radarr with completed and failed downloads kept in its queue (as the demo has it), redownload-failed as given.
    static func radarr(redownloads: Bool) -> @Sendable (Simulation) async -> Void {
        { simulation in
            _ = await simulation.servarr(.radarr, SimRequest(method: "PUT", segments: ["config", "downloadclient", "1"], body: [
                "id": 1, "enableCompletedDownloadHandling": true, "autoRedownloadFailed": .bool(redownloads), "autoRedownloadFailedFromInteractiveSearch": true]))
            var client = await simulation.servarr(.radarr, SimRequest(method: "GET", segments: ["downloadclient", "1"])).json ?? [:]
            client["removeFailedDownloads"] = false
            _ = await simulation.servarr(.radarr, SimRequest(method: "PUT", segments: ["downloadclient", "1"], body: client))
            await simulation.inject(DownloadFaultRule(.fail(message: DownloadFault.missingArticles, atPercent: 30), titleContains: "Inception"))
        }
    }

    /// A monitor and engine of their own over the same database: what a restarted process has.
    static func restarted(_ components: AppComponents) -> DownloadMonitor {
        let services = components.services
        let gateway = DownloadGateway(transport: HTTPTransport(), instance: { try await services.instance(named: $0) })
        let engine = RecoveryEngine(store: components.database.recovery, bus: components.bus, actions: gateway)
        return DownloadMonitor(services: services, sources: gateway, engine: engine, bus: components.bus)
    }

    /// How many times Radarr grabbed, and blocklisted, anything for a movie.
    static func radarrCounts(_ simulation: Simulation) async -> (grabs: Int, blocklisted: Int) {
        let history = await simulation.servarr(.radarr, SimRequest(method: "GET", segments: ["history"], query: ["eventType": ["1"], "pageSize": ["100"]]))
        let grabs = history.json?["totalRecords"]?.intValue ?? -1
        return (grabs, (await simulation.summary())["radarr"]?["blocklist"]?.intValue ?? -1)
    }

    @Test func whenTheArrBlocklistsButWillNotRedownloadAutoArrSearchesExactlyOnceAcrossARestart() async throws {
        try await Self.run(Self.radarr(redownloads: false)) { _, components, simulation, _ in
            _ = await simulation.servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                "tmdbId": 27205, "qualityProfileId": 4, "rootFolderPath": "/data/media/movies", "addOptions": ["searchForMovie": true]]))
            await simulation.advance(by: 3600)
            await simulation.advance(by: 1)  // Radarr marks it failed and blocklists it, and searches no more
            #expect(await Self.radarrCounts(simulation) == (1, 1))
            let report = await components.monitor.pass()
            #expect(report.errors.isEmpty, "\(report.errors)")
            let store = components.database.recovery
            let failure = try #require(try await store.failures(statuses: [], limit: 10).first)
            #expect(try await store.attempts(failureId: failure.id).map(\.strategy) == [.search])
            #expect(failure.status == .waiting)
            // One search: another release, and neither a second blocklisting nor a second removal.
            #expect(await Self.radarrCounts(simulation) == (2, 1))

            let again = Self.restarted(components)
            await again.pass()
            await simulation.advance(by: 1)
            await again.pass()
            #expect(try await store.attempts(failureId: failure.id).count == 1)
            #expect(await Self.radarrCounts(simulation).blocklisted == 1)
            let settled = try #require(try await store.failures(statuses: [], limit: 10).first { $0.id == failure.id })
            #expect(settled.status == .resolved)
            #expect(settled.note?.contains("grabbed another release") == true, "\(settled.note ?? "")")
        }
    }

    @Test func whenTheArrRedownloadsByItselfAutoArrOnlyWatchesAndSaysWhatItSaw() async throws {
        try await Self.run(Self.radarr(redownloads: true)) { _, components, simulation, _ in
            _ = await simulation.servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                "tmdbId": 27205, "qualityProfileId": 4, "rootFolderPath": "/data/media/movies", "addOptions": ["searchForMovie": true]]))
            await simulation.advance(by: 3600)
            await simulation.advance(by: 1)  // Radarr marks it failed, blocklists it and grabs another by itself
            #expect(await Self.radarrCounts(simulation) == (2, 1))
            await components.monitor.pass()
            await Self.restarted(components).pass()
            let store = components.database.recovery
            let failure = try #require(try await store.failures(statuses: [], limit: 10).first)
            #expect(try await store.attempts(failureId: failure.id).isEmpty)
            #expect(failure.status == .resolved)
            #expect(failure.note?.hasPrefix("radarr grabbed another release") == true, "\(failure.note ?? "")")
            var query = ActivityQuery()
            query.correlationId = failure.correlationId
            #expect(try await components.database.activity.page(query).items.map(\.event.type).reversed() == [.downloadFailed, .recoveryWaiting, .recoveryResolved])
            #expect(await Self.radarrCounts(simulation) == (2, 1))
        }
    }

    /// Each kind of blocked import, in the simulated Sonarr, gets its own strategy, recorded as an attempt.
    @Test(arguments: [
        (DownloadFault.matchedById, FailureKind.needsManualImport, RecoveryStrategy.manualImport, FailureRecord.Status.resolved, 0),
        (DownloadFault.sampleOnly, .noVideoFiles, .blocklistAndSearch, .resolved, 1),
        (DownloadFault.notAnUpgrade, .notAnUpgrade, .remove, .resolved, 0),
        (DownloadFault.pathInaccessible, .pathInaccessible, .notify, .gaveUp, 0),
    ])
    func aBlockedImportIsResolvedItsOwnWay(message: String, kind: FailureKind, strategy: RecoveryStrategy, status: FailureRecord.Status, blocklisted: Int) async throws {
        try await Self.run({ simulation in
            await simulation.inject(DownloadFaultRule(.importBlocked(messages: [message]), titleContains: "Chernobyl"))
        }) { client, components, simulation, key in
            await Self.add(simulation, tvdb: 360893)  // Chernobyl: one season, grabbed as a pack
            await simulation.advance(by: 7200)
            await simulation.advance(by: 1)
            let report = await components.monitor.pass()
            #expect(report.errors.isEmpty, "\(report.errors)")
            await simulation.advance(by: 7200)
            await simulation.advance(by: 1)
            await components.monitor.pass()
            await components.monitor.pass()
            let store = components.database.recovery
            let blocked = try #require(try await store.failures(statuses: [], limit: 10).first { $0.title.contains("Chernobyl") })
            #expect(blocked.kind == kind)
            #expect(try await store.attempts(failureId: blocked.id).map(\.strategy) == [strategy])
            #expect(blocked.status == status, "\(blocked.note ?? "")")
            let state = await simulation.summary()
            #expect(state["sonarr"]?["blocklist"]?.intValue == blocklisted)
            let series = await simulation.servarr(.sonarr, SimRequest(method: "GET", segments: ["series"])).json?.arrayValue?.first { $0["tvdbId"]?.intValue == 360893 }
            let files = series?["statistics"]?["episodeFileCount"]?.intValue ?? -1
            switch strategy {
            case .manualImport:
                #expect(files == 5, "every episode imported from the blocked pack")
                #expect(blocked.note?.hasPrefix("sonarr imported Chernobyl.S01") == true, "\(blocked.note ?? "")")
            case .remove:
                #expect(blocked.note == "removed from sabnzbd and sonarr")
                #expect(state["sabnzbd"]?["history"] == 0)
            case .notify:
                // The files are left where they are for a person, who is pointed at the audit rule.
                #expect(state["sabnzbd"]?["history"] == 1)
                let failed = try await client.send(.get, "/api/v1/downloads/failed", as: .key(key)).object["items"] as? [[String: Any]]
                let detail = (failed?.first?["attempts"] as? [[String: Any]])?.first?["detail"] as? String
                #expect(detail?.contains("arr.health-remote-paths") == true, "\(detail ?? "")")
            default:
                #expect(blocked.note?.contains("sonarr") == true, "\(blocked.note ?? "")")
            }
        }
    }

    @Test func peopleCanPauseResumeAndRemoveDownloads() async throws {
        try await Self.run { client, components, simulation, key in
            await Self.add(simulation, tvdb: 81189)  // Breaking Bad: one season pack per season
            await components.monitor.pass()
            let items = try #require(try await client.send(.get, "/api/v1/downloads", as: .key(key)).object["items"] as? [[String: Any]])
            let first = try #require(items.first?["downloadId"] as? String)
            #expect(try await client.send(.post, "/api/v1/downloads/\(first)/pause", as: .key(key)).status == .ok)
            await components.monitor.pass()
            let paused = try await client.send(.get, "/api/v1/downloads", as: .key(key)).object["items"] as? [[String: Any]]
            #expect(paused?.first { $0["downloadId"] as? String == first }?["state"] as? String == "paused")
            #expect(try await client.send(.post, "/api/v1/downloads/\(first)/resume", as: .key(key)).status == .ok)
            // A blocklist value that is neither yes nor no is refused before anything is removed.
            let unclear = try await client.send(.delete, "/api/v1/downloads/\(first)?blocklist=yes", as: .key(key))
            #expect(unclear.status == .badRequest)
            #expect((unclear.object["error"] as? [String: Any])?["field"] as? String == "blocklist", "\(unclear.object)")
            let left = try await client.send(.get, "/api/v1/downloads", as: .key(key)).object["items"] as? [[String: Any]]
            #expect(left?.contains { $0["downloadId"] as? String == first } == true)
            let removed = try await client.send(.delete, "/api/v1/downloads/\(first)?blocklist=TRUE", as: .key(key))
            #expect(removed.status == .ok)
            #expect((await simulation.summary())["sonarr"]?["blocklist"] == 1)
            #expect(try await client.send(.post, "/api/v1/downloads/nope/pause", as: .key(key)).status == .notFound)
            // Each action is in the activity log, saying who did it.
            let log = try await client.send(.get, "/api/v1/activity?type=download.action", as: .key(key)).object["items"] as? [[String: Any]] ?? []
            #expect(log.compactMap { ($0["data"] as? [String: Any])?["action"] as? String } == ["blocklist", "resume", "pause"])
            #expect(log.allSatisfy { ($0["message"] as? String)?.hasSuffix("(by the API key)") == true }, "\(log)")
        }
    }

    @Test func aFailureWhoseDownloadIsGoneIsResolvedUnlessItsClientCouldNotBeAsked() async throws {
        try await Self.run { _, components, _, _ in
            let store = components.database.recovery
            let now = Date()
            let port = try RealDaemon.freePort()
            _ = try await components.services.create(ServiceDraft(name: "nzbget", kind: "nzbget", url: "http://127.0.0.1:\(port)", credentials: .init(username: "u", password: "p")))
            // A person removed this one from SABnzbd and Radarr; the other is in an NZBGet that is down.
            let (gone, _) = try await store.failure(FailureRecord(instance: "sabnzbd", downloadId: "SABnzbd_nzo_gone", title: "Gone.Movie", kind: .missingArticles,
                                                                  arrInstance: "radarr", firstSeen: now, lastSeen: now))
            let (away, _) = try await store.failure(FailureRecord(instance: "nzbget", downloadId: "17", title: "Away.Show", kind: .repairFailed, firstSeen: now, lastSeen: now))
            let report = await components.monitor.pass()
            #expect(report.errors.count == 1 && report.errors[0].hasPrefix("nzbget"), "\(report.errors)")
            let statuses = Dictionary(uniqueKeysWithValues: try await store.failures(statuses: [], limit: 10).map { ($0.id, $0.status) })
            #expect(statuses[gone.id] == .resolved)
            #expect(statuses[away.id] == .open)
            var query = ActivityQuery()
            query.correlationId = gone.correlationId
            let trail = try await components.database.activity.page(query).items.map(\.event)
            #expect(trail.map(\.type) == [.recoveryResolved])
            #expect(trail.first?.message == "Gone.Movie: no longer in sabnzbd or radarr and not marked failed there: removed outside AutoArr")
        }
    }

    @Test func aFiveThousandItemQueueIsJoinedInOnePass() async throws {
        try await Self.run({ simulation in await simulation.seedQueue(count: 5000) }) { _, components, _, _ in
            let report = await components.monitor.pass()
            #expect(report.errors.isEmpty, "\(report.errors)")
            #expect(report.downloads == 5000)
            #expect(await components.monitor.queue.allSatisfy { $0.item != nil && $0.arr != nil })
        }
    }

    @Test func anUnreachableClientBacksOffAndThePassGoesOn() async throws {
        try await Self.run { _, components, simulation, _ in
            let port = try RealDaemon.freePort()
            _ = try await components.services.create(ServiceDraft(name: "nzbget", kind: "nzbget", url: "http://127.0.0.1:\(port)", credentials: .init(username: "u", password: "p")))
            await Self.add(simulation, tvdb: 403245)  // The Bear
            let first = await components.monitor.pass()
            #expect(first.errors.count == 1 && first.errors[0].hasPrefix("nzbget"))
            #expect(first.downloads > 0)
            let second = await components.monitor.pass()
            #expect(second.errors.count == 1)  // still down
            #expect(await components.health.allowsAttempt("nzbget") == false)  // backing off after two failures
            let third = await components.monitor.pass()
            #expect(third.errors.isEmpty)  // skipped while backing off
        }
    }

    @Test func qualityFallbackSwitchesToTheNextLowerProfileAndSearchesAgain() async throws {
        try await Self.run { _, components, simulation, _ in
            _ = await simulation.servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                "tmdbId": 693134, "qualityProfileId": 5, "rootFolderPath": "/data/media/movies", "addOptions": ["searchForMovie": true]]))
            await components.monitor.pass()
            let record = try #require(await components.monitor.queue.first?.arr)
            #expect(record.title.contains("2160p"))
            let outcome = try await components.downloads.perform(.qualityFallback, item: nil, arr: record, removeFromClient: true)
            #expect(outcome.message.contains("from Ultra-HD to HD-1080p"), "\(outcome.message)")
            await components.monitor.pass()
            let next = try #require(await components.monitor.queue.first?.arr)
            #expect(next.title.contains("1080p"))
            #expect((await simulation.summary())["radarr"]?["blocklist"] == 1)

            // Switched back to Ultra-HD only once the 1080p release has imported.
            let restore = try #require(outcome.restore)
            let movie = { await simulation.servarr(.radarr, SimRequest(method: "GET", segments: ["movie", String(restore.mediaId)])).json ?? .null }
            #expect(try await components.downloads.restoreProfile(restore) == nil)
            #expect(await movie()["qualityProfileId"] == 4)
            await simulation.advance(by: 3600)
            #expect(await movie()["hasFile"] == true)
            let message = try await components.downloads.restoreProfile(restore)
            #expect(message?.contains("switched back") == true)
            #expect(await movie()["qualityProfileId"] == 5)
        }
    }

    @Test func aConfiguredFallbackProfileIsTheOneSwitchedTo() async throws {
        let simulation = Simulation()
        try await Simulator.with(simulation) { endpoints in
            var app = TestApp()
            app.config.monitor.fallbackProfiles = ["radarr": "hd-720p"]
            try await app.run { _, components in
                for draft in endpoints.drafts(keys: simulation.keys) where draft.kind != "plex" { _ = try await components.services.create(draft) }
                _ = await simulation.servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                    "tmdbId": 693134, "qualityProfileId": 5, "rootFolderPath": "/data/media/movies", "addOptions": ["searchForMovie": true]]))
                await components.monitor.pass()
                let record = try #require(await components.monitor.queue.first?.arr)
                let outcome = try await components.downloads.perform(.qualityFallback, item: nil, arr: record, removeFromClient: true)
                #expect(outcome.message.contains("from Ultra-HD to HD-720p"), "\(outcome.message)")
                #expect(outcome.restore?.originalProfileId == 5)
                #expect(outcome.restore?.fallbackProfileId == 3)
                let movie = { await simulation.servarr(.radarr, SimRequest(method: "GET", segments: ["movie", String(record.mediaId ?? 0)])).json ?? .null }
                #expect(await movie()["qualityProfileId"] == 3)

                // On the fallback profile already: another release at that quality, and no second switch to undo.
                await components.monitor.pass()
                let next = try #require(await components.monitor.queue.first?.arr)
                #expect(next.id != record.id)
                let again = try await components.downloads.perform(.qualityFallback, item: nil, arr: next, removeFromClient: true)
                #expect(again.message.contains("on its fallback profile HD-720p already"), "\(again.message)")
                #expect(again.restore == nil)
                #expect(await movie()["qualityProfileId"] == 3)
                #expect((await simulation.summary())["radarr"]?["blocklist"] == 2)

                // A profile the *arr does not have is refused, naming the setting.
                await components.monitor.pass()
                let third = try #require(await components.monitor.queue.first?.arr)
                let misnamed = DownloadGateway(transport: HTTPTransport(), fallbackProfiles: ["radarr": "Nope"]) { try await components.services.instance(named: $0) }
                let error = await #expect(throws: IntegrationError.self) {
                    try await misnamed.perform(.qualityFallback, item: nil, arr: third, removeFromClient: true)
                }
                #expect(error?.description.contains("monitor.fallbackProfiles.radarr") == true, "\(String(describing: error))")
                #expect((await simulation.summary())["radarr"]?["blocklist"] == 2)
            }
        }
    }
}
