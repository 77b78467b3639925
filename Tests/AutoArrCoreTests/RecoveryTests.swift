import AutoArrCore
import Foundation
import Testing

/// Classification of failures, stall detection and the recovery planner: table tests.
@Suite struct RecoveryTests {
    static func item(_ state: DownloadItem.State = .failed, message: String? = nil, _ configure: (inout DownloadSignals) -> Void = { _ in }) -> DownloadItem {
        var item = DownloadItem(instance: "sab", downloadId: "id", title: "Some.Release", category: "tv", state: state, progress: 0.5,
                                sizeBytes: 1000, remainingBytes: 500, clientStatus: "x", failureMessage: message)
        configure(&item.signals)
        return item
    }

    static func arr(_ state: String, status: String = "warning", messages: [String] = []) -> ArrQueueItem {
        ArrQueueItem(instance: "sonarr", id: 1, downloadId: "id", title: "t", status: "completed", trackedDownloadStatus: status,
                     trackedDownloadState: state, messages: messages, errorMessage: nil, protocolName: "usenet", downloadClient: "SABnzbd",
                     mediaId: 1, episodeId: 1, sizeBytes: nil, remainingBytes: nil)
    }

    @Test(arguments: [
        // Structured fields first.
        (item { $0.nzbgetStatus = "FAILURE/HEALTH" }, nil, FailureKind.missingArticles),
        (item { $0.nzbgetStatus = "DELETED/HEALTH" }, nil, .missingArticles),
        (item { $0.nzbgetStatus = "FAILURE/PAR"; $0.parStatus = "FAILURE" }, nil, .repairFailed),
        (item { $0.nzbgetStatus = "FAILURE/UNPACK"; $0.unpackStatus = "PASSWORD" }, nil, .encrypted),
        (item { $0.nzbgetStatus = "FAILURE/UNPACK"; $0.unpackStatus = "SPACE" }, nil, .diskFull),
        (item { $0.nzbgetStatus = "WARNING/SPACE" }, nil, .diskFull),
        (item { $0.nzbgetStatus = "FAILURE/MOVE" }, nil, .diskFull),
        (item { $0.stageLog = ["Repair: Repair failed, not enough repair blocks (12 short)"] }, nil, .repairFailed),
        (item(.failed) { $0.torrentState = "missingFiles" }, nil, .diskFull),
        (item(.downloading) { $0.trackerMessage = "Unregistered torrent"; $0.torrentState = "stalledDL" }, nil, .trackerError),
        // The *arr's tracked state.
        (nil, arr("importBlocked", messages: ["No files found are eligible for import in /downloads/x"]), .noVideoFiles),
        (nil, arr("importBlocked", messages: ["Not an upgrade for existing movie file. Existing quality: Bluray-1080p."]), .notAnUpgrade),
        (nil, arr("importBlocked", messages: ["Found matching series via grab history, but release was matched to series by ID. Automatic import is not possible. See the FAQ for details."]), .needsManualImport),
        (nil, arr("importBlocked", messages: ["Episode 3 was unexpected considering the S01 folder name"]), .needsManualImport),
        (nil, arr("importBlocked", messages: ["Import failed, path does not exist or is not accessible by Sonarr: /downloads/x. Ensure the path exists"]), .pathInaccessible),
        (nil, arr("importBlocked", messages: ["Invalid season or episode"]), .importBlocked),
        (nil, arr("importBlocked", messages: ["Sample"]), .noVideoFiles),
        (nil, arr("importPending", messages: ["One or more episodes expected in this release were not imported"]), .importPending),
        // Text, in several languages, when nothing structured says.
        (item(message: "Aborted, cannot be completed - https://sabnzbd.org/not-complete"), nil, .missingArticles),
        (item(message: "Download failed - Not on your server(s)"), nil, .missingArticles),
        (item(message: "Unpacking failed, archive requires a password"), nil, .encrypted),
        (item(message: "Entpacken fehlgeschlagen, Archiv ist passwortgeschützt: Passwort erforderlich"), nil, .encrypted),
        (item(message: "Aborted, unwanted extension(s) found"), nil, .unwantedExtension),
        (item(message: "Unpacking failed, write error or disk is full?"), nil, .diskFull),
        (item(message: "Échec : disque plein"), nil, .diskFull),
        (item(message: "Unpacking failed, CRC error"), nil, .repairFailed),
        (item(message: "Reparatur fehlgeschlagen"), nil, .repairFailed),
        (item(message: "Descarga fallida: artículos faltantes"), nil, .missingArticles),
        (item(message: "Failed to connect: [Errno 111] Connection refused"), nil, .connection),
        (item(message: "something nobody anticipated"), nil, .unknown),
        (item(.downloading), nil, nil),
    ] as [(DownloadItem?, ArrQueueItem?, FailureKind?)])
    func classification(item: DownloadItem?, arr: ArrQueueItem?, expected: FailureKind?) {
        #expect(FailureClassifier.classify(item, arr: arr) == expected)
    }

    @Test func stallsEarnStrikesThatResetWhenProgressResumes() {
        var detector = StallDetector()
        var job = Self.item(.downloading)
        let start = Date(timeIntervalSince1970: 0)
        #expect(detector.observe(job, now: start) == nil)
        #expect(detector.observe(job, now: start + 1800) == nil)  // strike 1
        #expect(detector.observe(job, now: start + 3600) == nil)  // strike 2
        #expect(detector.strikes(instance: "sab", downloadId: "id") == 2)
        job.remainingBytes = 400  // progress: strikes reset
        #expect(detector.observe(job, now: start + 3700) == nil)
        #expect(detector.strikes(instance: "sab", downloadId: "id") == 0)
        for minutes in [30.0, 60, 90] {
            let verdict = detector.observe(job, now: start + 3700 + minutes * 60)
            #expect(verdict == (minutes == 90 ? .stalled : nil))
        }
    }

    @Test func aJobNotSeenForARoundIsForgotten() {
        var detector = StallDetector()
        let job = Self.item(.downloading)
        let start = Date(timeIntervalSince1970: 0)
        _ = detector.observe(job, now: start)
        _ = detector.observe(job, now: start + 1800)
        detector.endRound()
        #expect(detector.strikes(instance: "sab", downloadId: "id") == 1)  // seen in the round that ended
        detector.endRound()
        #expect(detector.strikes(instance: "sab", downloadId: "id") == 0)  // not seen in the next one
    }

    @Test func pausedQueuedAndAltSpeedJobsAreNotHeldAgainstThem() {
        var detector = StallDetector()
        let start = Date(timeIntervalSince1970: 0)
        let paused = Self.item(.paused)
        for step in 0..<5 { #expect(detector.observe(paused, now: start + Double(step) * 3600) == nil) }
        var running = Self.item(.downloading)
        for step in 0..<5 { #expect(detector.observe(running, now: start + Double(step) * 3600, clientPaused: true) == nil) }
        running.signals.downloadSpeed = 10 * 1024
        for step in 0..<5 {
            running.remainingBytes = 500 - Int64(step) * 10
            #expect(detector.observe(running, now: start + Double(step) * 60, altSpeed: true) == nil)
        }
    }

    @Test func slowAndMetadataWaitsAreTheirOwnKinds() {
        var detector = StallDetector()
        let start = Date(timeIntervalSince1970: 0)
        var slow = Self.item(.downloading)
        slow.signals.downloadSpeed = 20 * 1024
        var verdicts: [FailureKind?] = []
        for step in 0..<4 {
            slow.remainingBytes = 500 - Int64(step) * 10
            verdicts.append(detector.observe(slow, now: start + Double(step) * 60))
        }
        #expect(verdicts == [nil, nil, nil, .slow])
        var magnet = Self.item(.downloading) { $0.torrentState = "metaDL"; $0.hasMetadata = false }
        magnet.downloadId = "magnet"
        let found = (0...3).map { detector.observe(magnet, now: start + Double($0) * 1800) }
        #expect(found.last == .metadataStuck)
    }

    static let now = Date(timeIntervalSince1970: 1_000_000)

    static func context(_ kind: FailureKind, _ protocolName: String = "usenet", queue: Int? = 7, attempts: [(RecoveryStrategy, TimeInterval)] = [],
                        _ configure: (inout RecoveryContext) -> Void = { _ in }) -> RecoveryContext {
        var context = RecoveryContext(kind: kind, protocolName: protocolName, arrQueueId: queue, now: now)
        context.attempts = attempts.map { RecoveryContext.Attempt($0.0, at: now.addingTimeInterval(-$0.1)) }
        configure(&context)
        return context
    }

    @Test(arguments: [
        (context(.missingArticles), RecoveryPlan.Action.perform(.blocklistAndSearch)),
        (context(.repairFailed), .perform(.blocklistAndSearch)),
        (context(.encrypted), .perform(.blocklistAndSearch)),
        (context(.unwantedExtension), .perform(.blocklistAndSearch)),
        (context(.noVideoFiles), .perform(.blocklistAndSearch)),
        (context(.importBlocked), .perform(.blocklistAndSearch)),
        (context(.unknown), .perform(.blocklistAndSearch)),
        (context(.connection), .perform(.retryAtClient)),
        (context(.diskFull), .perform(.retryAtClient)),
        (context(.connection, attempts: [(.retryAtClient, 600)]), .perform(.blocklistAndSearch)),
        (context(.diskFull, "torrent"), .perform(.recheck)),
        (context(.stalled, "torrent"), .perform(.reannounce)),
        (context(.stalled, "torrent", attempts: [(.reannounce, 600)]), .perform(.recheck)),
        (context(.stalled, "torrent", attempts: [(.reannounce, 900), (.recheck, 600)]), .perform(.blocklistAndSearch)),
        (context(.metadataStuck, "torrent"), .perform(.reannounce)),
        (context(.metadataStuck, "torrent", attempts: [(.reannounce, 600)]), .perform(.blocklistAndSearch)),
        (context(.trackerError, "torrent"), .perform(.reannounce)),
        (context(.stalled, "usenet"), .perform(.blocklistAndSearch)),
        (context(.slow, "torrent"), .perform(.reannounce)),
        (context(.slow, "usenet"), .perform(.notify)),
        (context(.importPending), .nothing),
        // Quality fallback after two searches at one quality, counting those made for the item's earlier downloads.
        (context(.missingArticles, attempts: [(.blocklistAndSearch, 900), (.blocklistAndSearch, 600)]), .perform(.qualityFallback)),
        (context(.missingArticles) { $0.priorSearches = 2 }, .perform(.qualityFallback)),
        (context(.missingArticles) { $0.priorSearches = 1 }, .perform(.blocklistAndSearch)),
        // Exponential backoff: 60 s after the first attempt, 120 s after the second.
        (context(.missingArticles, attempts: [(.blocklistAndSearch, 30)]), .wait(until: now.addingTimeInterval(30))),
        (context(.missingArticles, attempts: [(.retryAtClient, 400), (.blocklistAndSearch, 100)]), .wait(until: now.addingTimeInterval(20))),
        // At most 3 attempts, then a person is told, once.
        (context(.missingArticles, attempts: [(.retryAtClient, 9000), (.blocklistAndSearch, 8000), (.qualityFallback, 7000)]), .perform(.notify)),
        (context(.missingArticles, attempts: [(.retryAtClient, 9000), (.blocklistAndSearch, 8000), (.qualityFallback, 7000), (.notify, 6000)]), .nothing),
        // Cooperation and protection.
        // The *arr marked it failed and blocklisted it: wait for its own search, or search once when it will not.
        (context(.missingArticles) { $0.arrHandled = true; $0.arrRedownloads = true }, .waitForArr),
        (context(.missingArticles) { $0.arrHandled = true }, .perform(.search)),
        (context(.missingArticles, attempts: [(.search, 60)]) { $0.arrHandled = true }, .nothing),
        (context(.missingArticles, attempts: [(.blocklistAndSearch, 60)]) { $0.arrHandled = true }, .nothing),
        (context(.missingArticles, queue: nil) { $0.arrHandled = true }, .perform(.search)),
        // Blocked imports: each case its own way.
        (context(.needsManualImport), .perform(.manualImport)),
        (context(.needsManualImport, attempts: [(.manualImport, 9000)]), .perform(.notify)),
        (context(.notAnUpgrade), .perform(.remove)),
        (context(.pathInaccessible), .perform(.notify)),
        (context(.needsManualImport, queue: nil), .perform(.notify)),
        (context(.missingArticles) { $0.protected = true }, .nothing),
        (context(.missingArticles) { $0.releaseBlocklisted = true }, .perform(.search)),
        (context(.missingArticles, queue: nil), .perform(.notify)),
    ] as [(RecoveryContext, RecoveryPlan.Action)])
    func planning(context: RecoveryContext, expected: RecoveryPlan.Action) {
        let plan = RecoveryPlanner().plan(context)
        #expect(plan.action == expected, "\(plan.reason)")
        #expect(!plan.reason.isEmpty)
    }

    /// A failure waiting for a grab: nothing during the grace period, then one search of AutoArr's own when only the
    /// *arr was to search, else a person is told.
    @Test(arguments: [
        (600.0, [] as [RecoveryStrategy], RecoveryPlan.Action.wait(until: now.addingTimeInterval(300))),
        (900, [], .perform(.search)),
        (900, [.blocklistAndSearch], .perform(.notify)),
        (900, [.search], .perform(.notify)),
        (1800, [.qualityFallback], .perform(.notify)),
        (900, [.manualImport], .perform(.notify)),
        (900, [.remove], .perform(.notify)),
        (900, [.retryAtClient], .perform(.search)),
    ] as [(Double, [RecoveryStrategy], RecoveryPlan.Action)])
    func waiting(for seconds: Double, after attempts: [RecoveryStrategy], expected: RecoveryPlan.Action) {
        let plan = RecoveryPlanner().planWaiting(since: Self.now.addingTimeInterval(-seconds), attempts: attempts.map { RecoveryContext.Attempt($0, at: Self.now) },
                                                 arrInstance: "radarr", now: Self.now)
        #expect(plan.action == expected, "\(plan.reason)")
        #expect(plan.reason.contains("radarr") || plan.reason.contains("search"))
    }

    @Test(arguments: [
        (true, true, false, true), (true, true, true, true), (true, false, true, false), (false, true, false, false), (false, false, false, false),
    ])
    func redownloadPolicy(automatic: Bool, interactiveToo: Bool, interactive: Bool, expected: Bool) {
        #expect(ArrRedownloadPolicy(automatic: automatic, fromInteractiveSearch: interactiveToo).redownloads(interactive: interactive) == expected)
    }

    @Test func privateTorrentsKeepTheirData() {
        let privateTorrent = Self.context(.trackerError, "torrent", attempts: [(.reannounce, 600)]) { $0.isPrivateTorrent = true }
        let plan = RecoveryPlanner().plan(privateTorrent)
        #expect(plan.action == .perform(.blocklistAndSearch))
        #expect(plan.removeFromClient == false)
        var allowed = RecoveryPlanner.Settings()
        allowed.deletePrivateTorrentData = true
        #expect(RecoveryPlanner(settings: allowed).plan(privateTorrent).removeFromClient == true)
        #expect(RecoveryPlanner().plan(Self.context(.missingArticles)).removeFromClient == true)
    }
}
