import AutoArrCore
import AutoArrIntegrations
import AutoArrServer
import AutoArrSimulator
import Foundation
import Synchronization
import Testing

/// The monitor and recovery engine against the simulated Radarr and SABnzbd, with a real SQLite database.
@Suite struct RecoveryFlowTests {
    /// Counts what would be sent, to prove nothing is sent twice.
    final class CountingActions: RecoveryActions, Sendable {
        let sent = Mutex<[RecoveryStrategy]>([])
        func perform(_ strategy: RecoveryStrategy, item: DownloadItem?, arr: ArrQueueItem?, removeFromClient: Bool) async throws -> String {
            sent.withLock { $0.append(strategy) }
            return "counted"
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
                #expect(trail.reversed() == [.downloadFailed, .recoveryPlanned, .recoveryPerformed])
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
