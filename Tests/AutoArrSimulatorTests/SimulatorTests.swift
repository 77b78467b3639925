import AutoArrCore
@testable import AutoArrSimulator
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// The simulated stack, driven through AutoArr's real clients over loopback HTTP.
@Suite struct SimulatorTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(1))

    /// The simulator's services as AutoArr instances, with the keys it made.
    struct Stack: Sendable {
        let simulation: Simulation
        let endpoints: Simulator.Endpoints

        func instance(_ kind: ServiceKind, key: String? = nil, timeout: Double = 10) -> ServiceInstance {
            let keys = simulation.keys
            let (url, secret): (URL, String) = switch kind {
            case .sonarr: (endpoints.sonarr, keys.sonarr)
            case .radarr: (endpoints.radarr, keys.radarr)
            case .sabnzbd: (endpoints.sabnzbd, keys.sabnzbd)
            default: (endpoints.plex, keys.plex)
            }
            let credentials: ServiceCredentials = kind == .plex ? .init(token: key ?? secret) : .init(apiKey: key ?? secret)
            return ServiceInstance(name: "\(kind.rawValue)-sim", kind: kind, url: url, credentials: credentials, timeout: timeout)
        }

        func servarr(_ kind: ServiceKind, key: String? = nil, timeout: Double = 10) -> ServarrClient {
            ServarrClient(transport: SimulatorTests.transport, instance: instance(kind, key: key, timeout: timeout))
        }
        var sab: SABnzbdClient { SABnzbdClient(transport: SimulatorTests.transport, instance: instance(.sabnzbd)) }
        var plex: PlexClient { PlexClient(transport: SimulatorTests.transport, instance: instance(.plex)) }

        /// Looks a title up and adds it with a search, as a request would.
        @discardableResult
        func add(_ kind: ServiceKind, term: String, profile: Int = 4, search: Bool = true) async throws -> JSONValue {
            let client = servarr(kind)
            guard case .array(let found) = try await client.lookup(term), case .object(var resource)? = found.first else {
                throw IntegrationError(.badResponse, instance: "test", "nothing found for \(term)")
            }
            resource["qualityProfileId"] = .number(Double(profile))
            resource["rootFolderPath"] = kind == .sonarr ? "/data/media/tv" : "/data/media/movies"
            resource["addOptions"] = kind == .sonarr ? ["monitor": "all", "searchForMissingEpisodes": .bool(search)] : ["searchForMovie": .bool(search)]
            return try await client.add(.object(resource))
        }
    }

    static func run(recorder: ExchangeRecorder? = nil, _ body: @escaping @Sendable (Stack) async throws -> Void) async throws {
        let simulation = Simulation()
        try await Simulator.with(simulation, recorder: recorder) { endpoints in
            try await body(Stack(simulation: simulation, endpoints: endpoints))
        }
    }

    @Test func theCatalogueHoldsOverTwoHundredRealLookingTitles() {
        let titles = Catalogue.bundled.titles
        #expect(titles.count >= 200)
        #expect(titles.filter { $0.kind == .movie }.count >= 100)
        #expect(titles.filter { $0.kind == .series }.count >= 100)
        #expect(titles.allSatisfy { $0.tmdbId > 0 && $0.year >= 1900 && !$0.overview.isEmpty })
        #expect(titles.filter { $0.kind == .series }.allSatisfy { ($0.tvdbId ?? 0) > 0 && !$0.seasons.isEmpty })
        #expect(Set(titles.map { "\($0.kind)\($0.tmdbId)" }).count == titles.count, "tmdb ids repeat")
    }

    @Test func lookupFindsTitlesByWordsAndIds() {
        let catalogue = Catalogue.bundled
        #expect(catalogue.lookup("dune", kind: .movie).prefix(2).map(\.year) == [2021, 1984])
        #expect(catalogue.lookup("Dune Part Two", kind: .movie).first?.tmdbId == 693134)
        #expect(catalogue.lookup("tmdb:603", kind: .movie).map(\.title) == ["The Matrix"])
        #expect(catalogue.lookup("tvdb:81189", kind: .series).map(\.title) == ["Breaking Bad"])
        #expect(catalogue.lookup("amelie", kind: .movie).first?.title == "Amélie")
        #expect(catalogue.lookup("the office", kind: .series).map(\.year) == [2005, 2001])
        #expect(catalogue.lookup("zzzz nothing", kind: .movie).isEmpty)
    }

    @Test func aGrabDownloadsInSABnzbdCompletesAndIsImported() async throws {
        try await Self.run { stack in
            let radarr = stack.servarr(.radarr)
            let movie = try await stack.add(.radarr, term: "The Matrix")
            let movieId = try #require(movie["id"]?.intValue)

            let queue = try await radarr.queue()
            let record = try #require(queue.items.first)
            #expect(queue.total == 1)
            #expect(record.mediaId == movieId)
            #expect(record.title.hasPrefix("The.Matrix.1999.1080p.BluRay"))
            let jobs = try await stack.sab.queue()
            #expect(jobs.map(\.downloadId) == [record.downloadId])

            await stack.simulation.advance(by: 120)
            let progress = try #require(try await stack.sab.queue().first)
            #expect(progress.progress > 0 && progress.progress < 1)

            await stack.simulation.advance(by: 3600)
            #expect(try await radarr.queue().items.isEmpty)
            let history = try await radarr.history(downloadId: record.downloadId)
            #expect(history.map(\.eventType) == ["downloadFolderImported", "grabbed"])
            #expect(try await radarr.media(id: movieId)["hasFile"] == true)
            let summary = await stack.simulation.summary()
            #expect(summary["plex"]?["items"] == 1)
        }
    }

    @Test func aScriptedFailureShowsInSABnzbdAndTheArrRedownloads() async throws {
        try await Self.run { stack in
            await stack.simulation.inject(DownloadFaultRule(.fail(message: DownloadFault.missingArticles, atPercent: 30)))
            let radarr = stack.servarr(.radarr)
            try await stack.add(.radarr, term: "Inception")
            let first = try #require(try await radarr.queue().items.first?.downloadId)

            await stack.simulation.advance(by: 3600)
            let failed = try await stack.sab.history(failedOnly: true)
            #expect(failed.map(\.downloadId) == [first])
            #expect(failed.first?.failureMessage == DownloadFault.missingArticles)
            let pending = try #require(try await radarr.queue().items.first)
            #expect(pending.trackedDownloadState == "failedPending")
            #expect(pending.messages == [DownloadFault.missingArticles])

            // Failed download handling: history, blocklist, removal from SABnzbd and a new grab of another release.
            await stack.simulation.advance(by: 1)
            let failures = try await radarr.history(eventType: ServarrClient.downloadFailedEvent)
            #expect(failures.map(\.downloadId) == [first])
            #expect(failures.first?.data?["message"] == DownloadFault.missingArticles)
            guard case .object(let blocklist) = try await radarr.list("blocklist"), case .array(let entries)? = blocklist["records"] else {
                Issue.record("no blocklist page")
                return
            }
            #expect(entries.count == 1)
            let retry = try #require(try await radarr.queue().items.first)
            #expect(retry.downloadId != first)
            #expect(retry.title != pending.title)
            #expect(try await stack.sab.history(failedOnly: true).isEmpty)
        }
    }

    @Test func stalledJobsAndBlockedImportsKeepTheirState() async throws {
        try await Self.run { stack in
            await stack.simulation.inject(DownloadFaultRule(.stall(atPercent: 20), titleContains: "S01"))
            await stack.simulation.inject(DownloadFaultRule(.importBlocked(messages: [DownloadFault.noEligibleFiles]), titleContains: "S02"))
            try await stack.add(.sonarr, term: "Severance")
            let sonarr = stack.servarr(.sonarr)
            let queue = try await sonarr.queue(pageSize: 50)
            // Two season packs, one queue record per episode, as Sonarr lists them.
            #expect(queue.total == 19)
            #expect(Set(queue.items.compactMap(\.downloadId)).count == 2)

            await stack.simulation.advance(by: 7200)
            let stalled = try #require(try await stack.sab.queue().first)
            #expect(stalled.title.contains("S01"))
            #expect(stalled.progress == 0.2)
            let records = try await sonarr.queue(pageSize: 50).items
            let blocked = records.filter { $0.trackedDownloadState == "importBlocked" }
            #expect(blocked.count == 10)
            #expect(blocked.first?.trackedDownloadStatus == "warning")
            #expect(blocked.first?.messages.first?.hasPrefix("No files found are eligible for import in /data/downloads/complete/tv/Severance.S02") == true)
            #expect(records.filter { $0.trackedDownloadState == "downloading" }.count == 9)
        }
    }

    @Test func removingFromTheQueueWithBlocklistSearchesAgain() async throws {
        try await Self.run { stack in
            let radarr = stack.servarr(.radarr)
            try await stack.add(.radarr, term: "Arrival")
            let first = try #require(try await radarr.queue().items.first)
            try await radarr.deleteQueueItem(first.id, removeFromClient: true, blocklist: true)
            let second = try #require(try await radarr.queue().items.first)
            #expect(second.id != first.id)
            #expect(second.title != first.title)
            #expect(try await stack.sab.queue().map(\.downloadId) == [second.downloadId])

            try await radarr.deleteQueueItems([second.id], removeFromClient: true, blocklist: false, skipRedownload: true)
            #expect(try await radarr.queue().items.isEmpty)
            #expect(try await stack.sab.queue().isEmpty)
        }
    }

    @Test func badRequestsGetTheArrsOwnAnswers() async throws {
        try await Self.run { stack in
            try await stack.add(.radarr, term: "Heat 1995", search: false)
            let again = await #expect(throws: IntegrationError.self) { try await stack.add(.radarr, term: "Heat 1995") }
            #expect(again?.code == .rejected)
            #expect(again?.message.contains("This movie has already been added") == true)

            let wrongProfile = await #expect(throws: IntegrationError.self) { try await stack.add(.sonarr, term: "Breaking Bad", profile: 99) }
            #expect(wrongProfile?.message.contains("QualityProfileId") == true)

            for kind in [ServiceKind.sonarr, .radarr] {
                let denied = await #expect(throws: IntegrationError.self) { try await stack.servarr(kind, key: "wrong").health() }
                #expect(denied?.code == .unauthorized)
            }
            let sab = SABnzbdClient(transport: Self.transport, instance: stack.instance(.sabnzbd, key: "wrong"))
            #expect(try await sab.version() == "4.3.3")
            await #expect(throws: IntegrationError.self) { try await sab.checkKey() }
            let plex = PlexClient(transport: Self.transport, instance: stack.instance(.plex, key: "wrong"))
            #expect(try await plex.identity().version.hasPrefix("1.41"))
            let unauthorized = await #expect(throws: IntegrationError.self) { try await plex.sections() }
            #expect(unauthorized?.code == .unauthorized)
        }
    }

    @Test(arguments: [
        (HTTPFault.Kind.serverError, IntegrationError.Code.badResponse),
        (.garbage, .badResponse),
        (.unauthorized, .unauthorized),
        (.timeout, .timeout),
    ])
    func scriptedHTTPFaultsBecomeTheRightErrors(kind: HTTPFault.Kind, code: IntegrationError.Code) async throws {
        try await Self.run { stack in
            // Until cleared (a count is checked below, without HTTP: a stray request on a reused port could spend it).
            // A timeout needs the client to give up before the simulator's 3 s; the others get time to spare, as the
            // machine may be busy with other tests.
            await stack.simulation.inject(HTTPFault(app: .sonarr, kind: kind, path: "/api/v3/queue", seconds: 3))
            let sonarr = stack.servarr(.sonarr, timeout: kind == .timeout ? 0.5 : 10)
            let error = await #expect(throws: IntegrationError.self) { try await sonarr.queue() }
            #expect(error?.code == code)
            // Only the scripted path fails.
            _ = try await sonarr.health()
            await stack.simulation.clearFaults()
            _ = try await sonarr.queue()
        }
    }

    @Test func aFaultWithACountAppliesThatManyTimes() async {
        let simulation = Simulation()
        await simulation.inject(HTTPFault(app: .radarr, kind: .serverError, path: "/api/v3/queue", count: 2))
        #expect(await simulation.takeFault(app: .radarr, path: "/api/v3/health") == nil)
        #expect(await simulation.takeFault(app: .sonarr, path: "/api/v3/queue") == nil)
        #expect(await simulation.takeFault(app: .radarr, path: "/api/v3/queue")?.kind == .serverError)
        #expect(await simulation.takeFault(app: .radarr, path: "/api/v3/queue?page=2")?.kind == .serverError)
        #expect(await simulation.takeFault(app: .radarr, path: "/api/v3/queue") == nil)
    }

    @Test func slowAnswersArriveLate() async throws {
        try await Self.run { stack in
            await stack.simulation.inject(HTTPFault(app: .radarr, kind: .slow, path: "/api/v3/health", seconds: 0.4))
            let started = ContinuousClock.now
            _ = try await stack.servarr(.radarr).health()
            #expect(ContinuousClock.now - started >= .milliseconds(400))
        }
    }

    @Test func commandsRunAndReportTheirStatus() async throws {
        try await Self.run { stack in
            let sonarr = stack.servarr(.sonarr)
            let series = try await stack.add(.sonarr, term: "The Bear", search: false)
            let seriesId = try #require(series["id"]?.intValue)
            guard case .array(let episodes) = try await sonarr.episodes(seriesId: seriesId) else { Issue.record("no episodes"); return }
            #expect(episodes.count == 38)

            let command = try await sonarr.command(.seasonSearch(seriesId: seriesId, seasonNumber: 2))
            #expect(command.name == "SeasonSearch")
            #expect(command.status == "started")
            #expect(try await sonarr.queue(pageSize: 100).total == 10)
            await stack.simulation.advance(by: 1)
            #expect(try await sonarr.commandStatus(command.id).status == "completed")

            let episodeId = try #require(episodes.first?["id"]?.intValue)
            _ = try await sonarr.command(.episodeSearch(episodeIds: [episodeId]))
            #expect(try await sonarr.queue(pageSize: 100).total == 11)
            guard case .object(let missing) = try await sonarr.wanted("missing") else { Issue.record("no page"); return }
            #expect(missing["totalRecords"] == 38)

            let unknown = await #expect(throws: IntegrationError.self) { try await stack.servarr(.radarr).command(.seasonSearch(seriesId: 1, seasonNumber: 1)) }
            #expect(unknown?.code == .badResponse)
        }
    }

    @Test func settingsRoundTripAndAreValidated() async throws {
        try await Self.run { stack in
            let radarr = stack.servarr(.radarr)
            guard case .object(var media) = try await radarr.config("mediamanagement") else { Issue.record("not an object"); return }
            #expect(media["downloadPropersAndRepacks"] == "preferAndUpgrade")
            media["downloadPropersAndRepacks"] = "doNotPrefer"
            _ = try await radarr.updateConfig("mediamanagement", .object(media))
            #expect(try await radarr.config("mediamanagement")["downloadPropersAndRepacks"] == "doNotPrefer")

            media["rescanAfterRefresh"] = "sometimes"
            let invalid = await #expect(throws: IntegrationError.self) { try await radarr.updateConfig("mediamanagement", .object(media)) }
            #expect(invalid?.code == .rejected)
            #expect(invalid?.message.contains("RescanAfterRefresh") == true)

            let sab = stack.sab
            try await sab.setConfig(section: "misc", keyword: "deobfuscate_final_filenames", values: ["value": "1"])
            #expect(try await sab.config(section: "misc")["misc"]?["deobfuscate_final_filenames"] == 1)
            // As the real SABnzbd: an option is set by keyword and value, never as `misc&name=value`.
            let refused = await #expect(throws: IntegrationError.self) { try await sab.setConfig(section: "misc", values: ["cache_limit": "1G"]) }
            #expect(refused?.message == "Config item does not exist")
            try await sab.setConfig(section: "servers", keyword: "news.provider.example", values: ["ssl": "1", "port": "563"])
            guard case .array(let servers)? = try await sab.config(section: "servers")["servers"] else { Issue.record("no servers"); return }
            #expect(servers.first?["ssl"] == 1)

            try await stack.plex.setPreferences(["allowMediaDeletion": "0"])
            #expect(try await stack.plex.preferences().first { $0.id == "allowMediaDeletion" }?.value == .bool(false))
        }
    }

    @Test func sabnzbdJobActionsWork() async throws {
        try await Self.run { stack in
            let sab = stack.sab
            let id = try await sab.addFile(named: "Some.Show.S01E01.1080p.WEB.h264-GRP.nzb", nzb: Data("<nzb/>".utf8), category: "tv")
            #expect(try await sab.queue().first?.title == "Some.Show.S01E01.1080p.WEB.h264-GRP")
            try await sab.pause(id)
            #expect(try await sab.queue().first?.state == .paused)
            try await sab.resume(id)
            try await sab.pauseQueue()
            await stack.simulation.advance(by: 600)
            #expect(try await sab.queue().first?.progress == 0)
            try await sab.resumeQueue()
            #expect(try await sab.categories() == ["*", "tv", "movies"])
            #expect(try await sab.fullStatus()["version"] == "4.3.3")
            try await sab.deleteFromQueue(id, deleteFiles: true)
            #expect(try await sab.queue().isEmpty)

            await stack.simulation.inject(DownloadFaultRule(.fail(message: DownloadFault.diskFull, atPercent: 100)))
            let doomed = try await sab.addFile(named: "Other.Show.S02E02.nzb", nzb: Data("<nzb/>".utf8), category: "tv")
            await stack.simulation.advance(by: 3600)
            #expect(try await sab.history(failedOnly: true).first?.failureMessage == DownloadFault.diskFull)
            // A full disk is transient: the retry completes.
            #expect(try await sab.retry(doomed) == doomed)
            await stack.simulation.advance(by: 3600)
            #expect(try await sab.history().first?.state == .completed)
            try await sab.deleteFromHistory(doomed, deleteFiles: false)
            #expect(try await sab.history().isEmpty)
        }
    }

    /// Every response of a tour through the whole simulated stack matches the official specs (Sonarr, Radarr) or a
    /// real SABnzbd's answers.
    @Test func everyResponseMatchesTheSpecsAndRealAnswers() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.run(recorder: try ExchangeRecorder(path: path)) { stack in
            await stack.simulation.seedDemo()
            await stack.simulation.advance(by: 30)
            try await Self.tour(stack)
            await stack.simulation.advance(by: 3600)
            try await Self.tour(stack)
        }
        let outcome = try await WireValidator.check(recording: path)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("sonarr"), "\(outcome.output)")
    }

    /// Calls every endpoint the clients use, plus the error answers.
    static func tour(_ stack: Stack) async throws {
        for kind in [ServiceKind.sonarr, .radarr] {
            let client = stack.servarr(kind)
            _ = try await client.systemStatus()
            _ = try await client.health()
            for resource in ["diskspace", "tag", "qualityprofile", "rootfolder", "downloadclient", "indexer", "blocklist", "command"] {
                _ = try await client.list(resource)
            }
            _ = try await client.queue(details: true)
            _ = try await client.queue(details: false)
            _ = try await client.history()
            _ = try await client.history(eventType: ServarrClient.downloadFailedEvent)
            _ = try await client.wanted("missing")
            _ = try await client.wanted("cutoff")
            for name in ["mediamanagement", "naming", "downloadclient"] {
                _ = try await client.updateConfig(name, try await client.config(name))
            }
            _ = try await client.lookup(kind == .sonarr ? "the office" : "dune")
            guard case .array(let library) = try await client.library(), let id = library.first?["id"]?.intValue else { continue }
            _ = try await client.media(id: id)
            _ = try? await client.media(id: 9999)
            if kind == .sonarr { _ = try await client.episodes(seriesId: id) }
            let command = try await client.command(kind == .sonarr ? .missingEpisodeSearch : .missingMoviesSearch)
            _ = try await client.commandStatus(command.id)
            _ = try? await client.command(kind == .sonarr ? .moviesSearch(movieIds: [1]) : .missingEpisodeSearch)
            _ = try? await stack.add(kind, term: kind == .sonarr ? "Breaking Bad" : "Dune")  // already added: 400
            _ = try? await stack.servarr(kind, key: "wrong").health()
            // A finished download's files, as manual import lists them, and importing them.
            await stack.simulation.advance(by: 36000)
            if let record = try await client.queue().items.first, let downloadId = record.downloadId,
               case .array(let candidates) = try await client.manualImportCandidates(downloadId: downloadId), let file = candidates.first {
                var item: JSONValue = ["path": file["path"] ?? .null, "downloadId": .string(downloadId), "quality": file["quality"] ?? .null]
                if kind == .radarr { item["movieId"] = file["movie"]?["id"] ?? .null } else {
                    item["seriesId"] = file["series"]?["id"] ?? .null
                    item["episodeIds"] = .array((file["episodes"]?.arrayValue ?? []).compactMap { $0["id"] })
                }
                _ = try await client.command(.manualImport(files: [item]))
            }
            _ = try await client.manualImportCandidates(downloadId: "nope")
            if let record = try await client.queue().items.last { try await client.deleteQueueItem(record.id, removeFromClient: true, blocklist: true) }
        }
        let sab = stack.sab
        _ = try await sab.version()
        _ = try await sab.queue()
        _ = try await sab.history()
        _ = try await sab.history(failedOnly: true)
        _ = try await sab.categories()
        _ = try await sab.warnings()
        _ = try await sab.config()
        _ = try await sab.config(section: "misc")
        _ = try await sab.fullStatus()
        try await sab.setConfig(section: "misc", keyword: "cache_limit", values: ["value": "1G"])
        if let failed = try await sab.history(failedOnly: true).first { _ = try await sab.retry(failed.downloadId) }
        _ = try? await SABnzbdClient(transport: transport, instance: stack.instance(.sabnzbd, key: "wrong")).checkKey()
        let plex = stack.plex
        _ = try await plex.version()
        _ = try await plex.identity()
        let sections = try await plex.sections()
        if let section = sections.first { try await plex.refresh(section: section.key) }
        _ = try await plex.preferences()
        _ = try await plex.sessions()
        _ = try? await PlexClient(transport: transport, instance: stack.instance(.plex, key: "wrong")).sections()
    }
}
