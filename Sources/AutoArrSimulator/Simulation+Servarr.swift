import AutoArrCore
import Foundation

/// Sonarr's and Radarr's `/api/v3` endpoints, answered from the simulation's state.
extension Simulation {
    public func servarr(_ flavor: ServarrFlavor, _ request: SimRequest) -> SimReply {
        let state = self[flavor]
        let media = flavor.mediaPath
        if let reply = answerById(flavor, request) { return reply }
        switch (request.method, request.segments) {
        case ("GET", ["system", "status"]): return .ok(systemStatus(flavor))
        case ("GET", ["health"]): return .ok(.array(health(state)))
        case ("GET", ["diskspace"]):
            // TRaSH's layout: one /data filesystem holds the downloads and the library, so imports are hardlinks.
            let free = state.rootFolders.first?.freeSpace ?? 0
            return .ok([["id": 1, "path": "/", "label": "", "freeSpace": 41_000_000_000, "totalSpace": 128_000_000_000],
                        ["id": 2, "path": "/data", "label": "data", "freeSpace": .int64(free), "totalSpace": .int64(free * 2)]])
        case ("GET", ["tag"]): return .ok(.array(state.tags.map { ["id": .int($0.id), "label": .string($0.label)] }))
        case ("POST", ["tag"]):
            guard let label = request.body?["label"]?.stringValue, !label.isEmpty else { return .invalid("Label", "'Label' must not be empty.") }
            if let tag = state.tags.first(where: { $0.label.lowercased() == label.lowercased() }) { return .ok(["id": .int(tag.id), "label": .string(tag.label)]) }
            let id = (state.tags.map(\.id).max() ?? 0) + 1
            self[flavor].tags.append((id, label.lowercased()))
            return .ok(["id": .int(id), "label": .string(label.lowercased())])
        case ("GET", [media, "lookup"]):
            let found = catalogue.lookup(request[query: "term"] ?? "", kind: flavor.kind)
            return .ok(.array(found.map { title in state.resource(title, media: state.media.values.first { $0.title == title }, now: now) }))
        case ("GET", [media]):
            let tvdb = request.int("tvdbId"), tmdb = request.int("tmdbId")
            let items = state.media.values.sorted { $0.id < $1.id }
                .filter { tvdb == nil || $0.title.tvdbId == tvdb }.filter { tmdb == nil || flavor == .sonarr || $0.title.tmdbId == tmdb }
            return .ok(.array(items.map { state.resource($0.title, media: $0, now: now) }))
        case ("POST", [media]): return add(flavor, request.body)
        case ("GET", ["episode"]) where flavor == .sonarr:
            let ids = request.ints("episodeIds")
            guard let seriesId = request.int("seriesId") ?? (ids.isEmpty ? nil : 0) else {
                return .invalid("SeriesId", "seriesId or episodeIds must be provided")
            }
            let season = request.int("seasonNumber")
            let episodes = state.episodes.values
                .filter { ids.isEmpty ? $0.seriesId == seriesId && (season == nil || $0.season == season) : ids.contains($0.id) }
                .sorted { ($0.season, $0.number) < ($1.season, $1.number) }
            return .ok(.array(episodes.map { state.episode($0, includeSeries: request.flag("includeSeries")) }))
        case ("GET", ["queue"]):
            let records = queueRecords(state, request)
            return .ok(page(records, request, sortKey: "timeleft"))
        case ("GET", ["queue", "details"]): return .ok(.array(queueRecords(state, request)))
        case ("GET", ["queue", "status"]):
            let records = queueRecords(state, SimRequest(method: "GET", segments: []))
            let states = records.compactMap { $0["trackedDownloadStatus"]?.stringValue }
            return .ok(["id": 0, "totalCount": .int(records.count), "count": .int(records.count), "unknownCount": 0,
                        "errors": .bool(states.contains("error")), "warnings": .bool(states.contains("warning")),
                        "unknownErrors": false, "unknownWarnings": false])
        case ("DELETE", ["queue", "bulk"]):
            guard case .array(let values)? = request.body?["ids"] else { return .invalid("Ids", "'Ids' must not be empty.") }
            for id in values.compactMap(\.intValue) { _ = removeFromQueue(flavor, id, request) }
            return .empty
        case ("POST", ["command"]): return command(flavor, request.body)
        case ("GET", ["command"]): return .ok(.array(state.commands.values.sorted { $0.id < $1.id }.map(state.command)))
        case ("GET", ["history"]): return .ok(history(state, request))
        case ("GET", ["calendar"]): return calendar(state, request)
        case ("GET", ["qualityprofile"]): return .ok(.array(state.profiles.map(state.profileResource)))
        case ("GET", ["rootfolder"]):
            return .ok(.array(state.rootFolders.map { ["id": .int($0.id), "path": .string($0.path), "accessible": true,
                                                        "freeSpace": .int64($0.freeSpace), "unmappedFolders": []] }))
        case ("GET", ["remotepathmapping"]): return .ok([])
        case ("GET", ["manualimport"]): return .ok(.array(manualImportCandidates(state, downloadId: request[query: "downloadId"])))
        case ("GET", ["downloadclient"]): return .ok([state.downloadClient])
        case ("GET", ["downloadclient", "1"]): return .ok(state.downloadClient)
        case ("PUT", ["downloadclient", "1"]): return updateDownloadClient(flavor, request.body)
        case ("GET", ["indexer"]): return .ok(.array(state.indexers.map { indexer(flavor, $0) }))
        case ("GET", ["blocklist"]):
            return .ok(page(state.blocklist.reversed().map(state.blocklistEntry), request, sortKey: "date"))
        default:
            return .notFound()
        }
    }

    /// The endpoints with an id or name in the path.
    private func answerById(_ flavor: ServarrFlavor, _ request: SimRequest) -> SimReply? {
        let state = self[flavor]
        let media = flavor.mediaPath
        if let id = request.match("GET", "\(media)/*")?.first, id != "lookup" {
            guard let item = Int(id).flatMap({ state.media[$0] }) else { return .notFound() }
            return .ok(state.resource(item.title, media: item, now: now))
        }
        if flavor == .sonarr, let id = request.match("GET", "episode/*")?.first {
            guard let episode = Int(id).flatMap({ state.episodes[$0] }) else { return .notFound() }
            return .ok(state.episode(episode, includeSeries: false))
        }
        if let id = request.match("PUT", "\(media)/*")?.first {
            guard let id = Int(id), var item = state.media[id] else { return .notFound() }
            guard case .object? = request.body else { return .invalid("Body", "A \(media) resource is required") }
            if let profile = request.body?["qualityProfileId"]?.intValue {
                guard state.profile(profile) != nil else { return .invalid("QualityProfileId", "Quality Profile does not exist", attempted: .int(profile)) }
                item.qualityProfileId = profile
            }
            if let monitored = request.body?["monitored"]?.boolValue { item.monitored = monitored }
            self[flavor].media[id] = item
            return SimReply(status: 202, json: self[flavor].resource(item.title, media: item, now: now))
        }
        if let id = request.match("DELETE", "\(media)/*")?.first {
            guard let id = Int(id), state.media[id] != nil else { return .notFound() }
            self[flavor].media[id] = nil
            self[flavor].episodes = state.episodes.filter { $0.value.seriesId != id || flavor == .radarr }
            return .empty
        }
        if let id = request.match("DELETE", "queue/*")?.first, id != "bulk" {
            guard let id = Int(id), removeFromQueue(flavor, id, request) else { return .notFound() }
            return .empty
        }
        if let id = request.match("GET", "command/*")?.first {
            guard let command = Int(id).flatMap({ state.commands[$0] }) else { return .notFound() }
            return .ok(state.command(command))
        }
        if let list = request.match("GET", "wanted/*")?.first, list == "missing" || list == "cutoff" {
            return .ok(page(wanted(state, missing: list == "missing", request), request, sortKey: flavor == .sonarr ? "airDateUtc" : "title"))
        }
        if let name = request.match("GET", "config/*")?.first {
            guard let config = config(state, name) else { return .notFound() }
            return .ok(config)
        }
        if let name = request.match("PUT", "config/*/*")?.first {
            guard let current = config(state, name) else { return .notFound() }
            return updateConfig(flavor, name, current: current, request.body)
        }
        if let id = request.match("GET", "qualityprofile/*")?.first {
            guard let profile = Int(id).flatMap(state.profile) else { return .notFound() }
            return .ok(state.profileResource(profile))
        }
        return nil
    }

    private func systemStatus(_ flavor: ServarrFlavor) -> JSONValue {
        var fields: [String: JSONValue] = [
            "appName": .string(flavor.appName), "instanceName": .string(flavor.appName), "version": .string(flavor.version),
            "buildTime": "2025-01-01T00:00:00Z", "isDebug": false, "isProduction": true, "isAdmin": false, "isUserInteractive": false,
            "startupPath": "/app/bin", "appData": "/config", "osName": "debian", "osVersion": "12", "isNetCore": true, "isLinux": true,
            "isOsx": false, "isWindows": false, "isDocker": false, "mode": "console", "branch": .string(flavor == .sonarr ? "main" : "master"),
            "authentication": "forms", "migrationVersion": .int(flavor == .sonarr ? 215 : 241), "urlBase": "", "runtimeVersion": "8.0.12",
            "runtimeName": ".NET", "startTime": .date(self[flavor].started), "packageUpdateMechanism": "builtIn",
            "databaseType": "sqLite", "databaseVersion": "3.40.1",
        ]
        if flavor == .sonarr { fields["sqliteVersion"] = "3.40.1" }
        return .object(fields)
    }

    private func health(_ state: ServarrState) -> [JSONValue] {
        var checks = state.extraHealth
        if !state.indexers.contains(where: \.enabled) {
            checks.append(("IndexerSearchCheck", "warning", "No indexers available with Automatic Search enabled, \(state.flavor.appName) will not provide any automatic search results"))
        }
        if state.downloadClient["enable"]?.boolValue == false {
            checks.append(("DownloadClientCheck", "error", "No download client is available"))
        }
        return checks.enumerated().map { index, check in
            ["id": .int(index + 1), "source": .string(check.source), "type": .string(check.type), "message": .string(check.message),
             "wikiUrl": .string("https://wiki.servarr.com/\(state.flavor.rawValue)/system#\(check.source.lowercased())")]
        }
    }

    private func indexer(_ flavor: ServarrFlavor, _ indexer: (id: Int, name: String, enabled: Bool)) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .int(indexer.id), "name": .string(indexer.name), "implementationName": "Newznab", "implementation": "Newznab",
            "configContract": "NewznabSettings", "infoLink": .string("https://wiki.servarr.com/\(flavor.rawValue)/supported#newznab"),
            "tags": [], "enableRss": .bool(indexer.enabled), "enableAutomaticSearch": .bool(indexer.enabled),
            "enableInteractiveSearch": .bool(indexer.enabled), "supportsRss": true, "supportsSearch": true, "protocol": "usenet",
            "priority": 25, "downloadClientId": 0,
            "fields": [["order": 0, "name": "baseUrl", "label": "URL", "value": .string("https://api.\(indexer.name.lowercased()).example"),
                        "type": "textbox", "advanced": false, "privacy": "normal", "isFloat": false],
                       ["order": 1, "name": "apiKey", "label": "API Key", "value": "********", "type": "textbox", "advanced": false,
                        "privacy": "apiKey", "isFloat": false]],
        ]
        if flavor == .sonarr { fields["seasonSearchMaximumSingleEpisodeAge"] = 0 }
        return .object(fields)
    }

    // MARK: Library

    private func add(_ flavor: ServarrFlavor, _ body: JSONValue?) -> SimReply {
        guard let body, case .object = body else { return .invalid("Body", "A series or movie resource is required") }
        var state = self[flavor]
        let idKey = flavor == .sonarr ? "tvdbId" : "tmdbId", idName = flavor == .sonarr ? "TvdbId" : "TmdbId"
        guard let externalId = body[idKey]?.intValue, externalId > 0 else {
            return .invalid(idName, "'\(flavor == .sonarr ? "Tvdb Id" : "Tmdb Id")' must be greater than '0'.", attempted: body[idKey] ?? .null)
        }
        let title = catalogue.titles.first { $0.kind == flavor.kind && (flavor == .sonarr ? $0.tvdbId : $0.tmdbId) == externalId }
        guard let title else { return .invalid(idName, "Unable to find \(flavor.kind.rawValue) with \(idName) \(externalId)", attempted: .int(externalId)) }
        if state.media.values.contains(where: { $0.title == title }) {
            return .invalid(idName, "This \(flavor == .sonarr ? "series" : "movie") has already been added", attempted: .int(externalId))
        }
        let profileId = body["qualityProfileId"]?.intValue ?? 0
        guard state.profile(profileId) != nil else {
            return .invalid("QualityProfileId", "Quality Profile does not exist", attempted: .int(profileId))
        }
        guard let root = body["rootFolderPath"]?.stringValue ?? body["path"]?.stringValue.map({ ($0 as NSString).deletingLastPathComponent }),
              !root.isEmpty else {
            return .invalid("Path", "'Path' must not be empty.")
        }
        guard state.rootFolders.contains(where: { $0.path == root || $0.path + "/" == root }) else {
            return .invalid("RootFolderPath", "Root folder '\(root)' does not exist", attempted: .string(root))
        }
        var item = SimMedia(id: state.next("media"), title: title, qualityProfileId: profileId, rootFolderPath: root,
                            monitored: body["monitored"]?.boolValue ?? true, added: now)
        if case .array(let tags)? = body["tags"] { item.tags = tags.compactMap(\.intValue) }
        item.seasonFolder = body["seasonFolder"]?.boolValue ?? true
        item.seriesType = body["seriesType"]?.stringValue ?? "standard"
        item.minimumAvailability = body["minimumAvailability"]?.stringValue ?? "released"
        state.media[item.id] = item
        let options = body["addOptions"]
        if flavor == .sonarr {
            let monitor = options?["monitor"]?.stringValue ?? "unknown"
            // Without a monitor option, Sonarr keeps the seasons' own `monitored` flags.
            var flagged: [Int: Bool] = [:]
            if case .array(let seasons)? = body["seasons"] {
                for season in seasons { if let number = season["seasonNumber"]?.intValue { flagged[number] = season["monitored"]?.boolValue ?? true } }
            }
            for (index, count) in title.seasons.enumerated() {
                let season = index + 1
                let watched = switch monitor {
                case "unknown": flagged[season] ?? true
                case "none", "skip": false
                case "firstSeason", "pilot": season == 1
                case "lastSeason", "latestSeason": season == title.seasons.count
                default: true
                }
                for number in 1...max(count, 1) {
                    let id = state.next("episode")
                    state.episodes[id] = SimEpisode(id: id, seriesId: item.id, season: season, number: number,
                                                    monitored: item.monitored && watched && (monitor != "pilot" || number == 1),
                                                    airDate: ServarrState.airDate(title, season: season, episode: number))
                }
            }
        }
        self[flavor] = state
        let searches = flavor == .sonarr ? options?["searchForMissingEpisodes"]?.boolValue : options?["searchForMovie"]?.boolValue
        if searches == true { searchMissing(flavor, mediaIds: [item.id]) }
        return .ok(self[flavor].resource(title, media: item, now: now))
    }

    // MARK: Queue, commands, history

    private func queueRecords(_ state: ServarrState, _ request: SimRequest) -> [JSONValue] {
        let mediaFilter = Set(request.ints(state.flavor == .sonarr ? "seriesIds" : "movieIds") + request.ints(state.flavor == .sonarr ? "seriesId" : "movieId"))
        let includeMedia = request.flag(state.flavor == .sonarr ? "includeSeries" : "includeMovie")
        return state.downloads.filter { mediaFilter.isEmpty || mediaFilter.contains($0.mediaId) }.flatMap { download in
            state.queueRecords(download, job: sab.queue.first { $0.nzoId == download.downloadId },
                               history: sab.history.first { $0.job.nzoId == download.downloadId }, includeMedia: includeMedia,
                               includeEpisode: request.flag("includeEpisode"), now: now, bytesPerSecond: sab.bytesPerSecond)
        }
    }

    /// `DELETE /queue/{id}`: optionally from the client, optionally blocklisted and searched again.
    private func removeFromQueue(_ flavor: ServarrFlavor, _ queueId: Int, _ request: SimRequest) -> Bool {
        var state = self[flavor]
        guard let download = state.download(queueId: queueId) else { return false }
        if request.flag("removeFromClient", default: true) {
            sab.queue.removeAll { $0.nzoId == download.downloadId }
            sab.history.removeAll { $0.job.nzoId == download.downloadId }
        }
        state.downloads.removeAll { $0.downloadId == download.downloadId }
        // Blocklisting marks it failed (FailedDownloadService.MarkAsFailed): a downloadFailed event, and a search only
        // when redownload-failed is on and the caller did not skip it.
        let blocklisted = request.flag("blocklist")
        if blocklisted { markFailed(&state, download, message: "Manually marked as failed") }
        self[flavor] = state
        if blocklisted, !request.flag("skipRedownload"), state.redownloads(download) { search(flavor, mediaId: download.mediaId, episodeIds: download.episodeIds) }
        return true
    }

    private static let commands: [ServarrFlavor: Set<String>] = [
        .sonarr: ["EpisodeSearch", "SeasonSearch", "SeriesSearch", "MissingEpisodeSearch", "CutoffUnmetEpisodeSearch", "RefreshMonitoredDownloads",
                  "RssSync", "RefreshSeries", "RescanSeries", "DownloadedEpisodesScan", "ApplicationUpdateCheck", "ManualImport"],
        .radarr: ["MoviesSearch", "MissingMoviesSearch", "CutoffUnmetMoviesSearch", "RefreshMonitoredDownloads", "RssSync", "RefreshMovie",
                  "RescanMovie", "DownloadedMoviesScan", "ApplicationUpdateCheck", "ManualImport"],
    ]

    private func command(_ flavor: ServarrFlavor, _ body: JSONValue?) -> SimReply {
        guard let name = body?["name"]?.stringValue, !name.isEmpty else { return .invalid("Name", "'Name' must not be empty.") }
        // Sonarr and Radarr look the name up with LINQ's Single(): an unknown command is a 500, not a 400.
        guard let known = Self.commands[flavor]?.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
            return SimReply(status: 500, json: ["message": "Sequence contains no matching element", "description": .string("Unknown command \(name)")])
        }
        let state = self[flavor]
        func ids(_ key: String) -> [Int] { if case .array(let values)? = body?[key] { values.compactMap(\.intValue) } else { [] } }
        switch known {
        case "EpisodeSearch":
            let episodes = ids("episodeIds").compactMap { state.episodes[$0] }
            guard !episodes.isEmpty else { return .invalid("EpisodeIds", "'Episode Ids' must not be empty.") }
            for (seriesId, inSeries) in Dictionary(grouping: episodes, by: \.seriesId) { search(flavor, mediaId: seriesId, episodeIds: inSeries.map(\.id)) }
        case "SeasonSearch", "SeriesSearch":
            guard let seriesId = body?["seriesId"]?.intValue, state.media[seriesId] != nil else { return .invalid("SeriesId", "Series does not exist") }
            let season = known == "SeasonSearch" ? body?["seasonNumber"]?.intValue : nil
            let episodes = state.episodes.values.filter { $0.seriesId == seriesId && $0.monitored && $0.fileQuality == nil && (season == nil || $0.season == season) }
            search(flavor, mediaId: seriesId, episodeIds: episodes.map(\.id))
        case "MissingEpisodeSearch", "MissingMoviesSearch":
            searchMissing(flavor, mediaIds: state.media.values.filter(\.monitored).map(\.id))
        case "MoviesSearch":
            let movies = ids("movieIds").filter { state.media[$0] != nil }
            guard !movies.isEmpty else { return .invalid("MovieIds", "'Movie Ids' must not be empty.") }
            for id in movies { search(flavor, mediaId: id, episodeIds: []) }
        case "ManualImport":
            guard case .array(let files)? = body?["files"], !files.isEmpty else { return .invalid("Files", "'Files' must not be empty.") }
            for file in files { manualImport(flavor, file) }
        case "CutoffUnmetEpisodeSearch", "CutoffUnmetMoviesSearch":
            for item in state.media.values where item.monitored {
                let profile = state.profile(item.qualityProfileId)
                if flavor == .radarr, let quality = item.fileQuality, profile?.meetsCutoff(quality) == false {
                    search(flavor, mediaId: item.id, episodeIds: [])
                } else if flavor == .sonarr {
                    let below = state.episodes.values.filter { $0.seriesId == item.id && $0.fileQuality.map { profile?.meetsCutoff($0) == false } == true }
                    search(flavor, mediaId: item.id, episodeIds: below.map(\.id))
                }
            }
        default:
            break
        }
        var updated = self[flavor]
        var named = body ?? [:]
        named["name"] = .string(known)
        let command = SimCommand(id: updated.next("command"), name: known, body: named, queued: now)
        updated.commands[command.id] = command
        self[flavor] = updated
        return .ok(updated.command(command))
    }

    /// Searches every monitored item that has no file (movies) or monitored episodes without files (series).
    func searchMissing(_ flavor: ServarrFlavor, mediaIds: [Int]) {
        let state = self[flavor]
        for id in mediaIds.sorted() {
            if flavor == .radarr {
                if state.media[id]?.fileQuality == nil { search(flavor, mediaId: id, episodeIds: []) }
            } else {
                let episodes = state.episodes.values.filter { $0.seriesId == id && $0.monitored && $0.fileQuality == nil && $0.airDate <= now }
                search(flavor, mediaId: id, episodeIds: episodes.map(\.id))
            }
        }
    }

    private func history(_ state: ServarrState, _ request: SimRequest) -> JSONValue {
        let types = Set(request.ints("eventType")), downloadId = request[query: "downloadId"]
        let mediaFilter = Set(request.ints(state.flavor == .sonarr ? "seriesIds" : "movieIds"))
        let episodeId = request.int("episodeId")
        var events = state.history.filter { event in
            (types.isEmpty || types.contains(event.kind.rawValue)) && (downloadId == nil || event.downloadId == downloadId)
                && (mediaFilter.isEmpty || mediaFilter.contains(event.mediaId)) && (episodeId == nil || event.episodeId == episodeId)
        }
        events.sort { ($0.date, $0.id) > ($1.date, $1.id) }
        if request[query: "sortDirection"] == "ascending" { events.reverse() }
        return page(events.map(state.history), request, sortKey: "date")
    }

    /// `GET /calendar?start&end`: Sonarr's episodes airing in the window (monitored ones unless `unmonitored=true`), Radarr's
    /// movies with a release date in it. Without dates the window is today to two days on, as in the *arrs.
    private func calendar(_ state: ServarrState, _ request: SimRequest) -> SimReply {
        func date(_ name: String) -> Date? { request[query: name].flatMap(ISO8601Timestamp.parse) }
        let start = date("start") ?? Calendar(identifier: .gregorian).startOfDay(for: now), end = date("end") ?? start + 2 * 86400
        if request[query: "start"] != nil, date("start") == nil { return .invalid("Start", "'start' is not a valid date") }
        let unmonitored = request.flag("unmonitored", default: false)
        if state.flavor == .sonarr {
            let episodes = state.episodes.values
                .filter { $0.airDate >= start && $0.airDate <= end && (unmonitored || ($0.monitored && state.media[$0.seriesId]?.monitored == true)) }
                .sorted { $0.airDate < $1.airDate }
            return .ok(.array(episodes.map { state.episode($0, includeSeries: request.flag("includeSeries")) }))
        }
        let movies = state.media.values.filter { movie in
            guard unmonitored || movie.monitored else { return false }
            let release = ServarrState.airDate(movie.title, season: 1, episode: 1)
            return [release, release + 90 * 86400, release + 120 * 86400].contains { $0 >= start && $0 <= end }
        }.sorted { $0.id < $1.id }
        return .ok(.array(movies.map { state.resource($0.title, media: $0, now: now) }))
    }

    private func wanted(_ state: ServarrState, missing: Bool, _ request: SimRequest) -> [JSONValue] {
        let monitoredOnly = request.flag("monitored", default: true)
        func wanted(quality: Int?, profileId: Int) -> Bool {
            guard let quality else { return missing }
            return !missing && state.profile(profileId)?.meetsCutoff(quality) == false
        }
        if state.flavor == .radarr {
            return state.media.values.sorted { $0.title.sortTitle < $1.title.sortTitle }
                .filter { (!monitoredOnly || $0.monitored) && wanted(quality: $0.fileQuality, profileId: $0.qualityProfileId) }
                .map { state.resource($0.title, media: $0, now: now) }
        }
        return state.episodes.values
            .filter { episode in
                guard let series = state.media[episode.seriesId] else { return false }
                return (!monitoredOnly || (episode.monitored && series.monitored)) && episode.airDate <= now
                    && wanted(quality: episode.fileQuality, profileId: series.qualityProfileId)
            }
            .sorted { $0.airDate > $1.airDate }
            .map { state.episode($0, includeSeries: request.flag("includeSeries")) }
    }

    /// Servarr's paging envelope over records already sorted.
    private func page(_ records: [JSONValue], _ request: SimRequest, sortKey: String) -> JSONValue {
        let page = max(1, request.int("page") ?? 1), size = max(1, request.int("pageSize") ?? 10)
        let start = min(records.count, (page - 1) * size)
        return ["page": .int(page), "pageSize": .int(size), "sortKey": .string(request[query: "sortKey"] ?? sortKey),
                "sortDirection": .string(request[query: "sortDirection"] ?? "descending"), "totalRecords": .int(records.count),
                "records": .array(Array(records[start..<min(records.count, start + size)]))]
    }

    // MARK: Settings

    private func config(_ state: ServarrState, _ name: String) -> JSONValue? {
        switch name {
        case "mediamanagement": state.mediaManagement
        case "naming": state.naming
        case "downloadclient": state.downloadClientConfig
        default: nil
        }
    }

    private static let enums: [String: Set<String>] = [
        "downloadPropersAndRepacks": ["preferAndUpgrade", "doNotUpgrade", "doNotPrefer"],
        "rescanAfterRefresh": ["always", "afterManual", "never"],
        "episodeTitleRequired": ["always", "bulkSeasonReleases", "never"],
        "fileDate": ["none", "localAirDate", "utcAirDate", "cinemas", "release"],
        "colonReplacementFormat": ["delete", "dash", "spaceDash", "spaceDashSpace", "smart"],
    ]

    /// `PUT /config/{name}/{id}`: the whole resource back, each known field of the type it had.
    private func updateConfig(_ flavor: ServarrFlavor, _ name: String, current: JSONValue, _ body: JSONValue?) -> SimReply {
        guard case .object(var fields) = current, case .object(let changes)? = body else {
            return .invalid("Resource", "A \(name) config resource is required")
        }
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) where key != "id" {
            guard let old = fields[key] else { continue }  // unknown fields are ignored, as ASP.NET's binder does
            let property = key.prefix(1).uppercased() + key.dropFirst()
            guard Self.sameType(old, value) else { return .invalid(property, "'\(property)' is not a valid value.", attempted: value) }
            if case .string(let text) = value, let allowed = Self.enums[key], !allowed.contains(text) {
                return .invalid(property, "'\(property)' has a range of values which does not include '\(text)'.", attempted: value)
            }
            if key == "minimumFreeSpaceWhenImporting", let number = value.intValue, number < 100 {
                return .invalid(property, "'Minimum Free Space When Importing' must be greater than or equal to '100'.", attempted: value)
            }
            fields[key] = value
        }
        let updated = JSONValue.object(fields)
        switch name {
        case "mediamanagement": self[flavor].mediaManagement = updated
        case "naming": self[flavor].naming = updated
        default: self[flavor].downloadClientConfig = updated
        }
        return SimReply(status: 202, json: updated)
    }

    private static func sameType(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string, .string), (.number, .number), (.bool, .bool), (.array, .array), (.object, .object), (.null, _), (.string, .null): true
        default: false
        }
    }

    /// `PUT /downloadclient/{id}`: the switches and fields AutoArr may change. A masked secret keeps its value.
    private func updateDownloadClient(_ flavor: ServarrFlavor, _ body: JSONValue?) -> SimReply {
        guard case .object(var client) = self[flavor].downloadClient, case .object(let changes)? = body else {
            return .invalid("Resource", "A download client resource is required")
        }
        for key in ["enable", "removeCompletedDownloads", "removeFailedDownloads"] {
            guard let value = changes[key] else { continue }
            guard value.boolValue != nil else { return .invalid(key.prefix(1).uppercased() + key.dropFirst(), "'\(key)' must be true or false", attempted: value) }
            client[key] = value
        }
        if let priority = changes["priority"] {
            guard let number = priority.intValue, (1...50).contains(number) else {
                return .invalid("Priority", "'Priority' must be between 1 and 50.", attempted: priority)
            }
            client["priority"] = priority
        }
        if case .array(let newFields)? = changes["fields"], case .array(let oldFields)? = client["fields"] {
            client["fields"] = .array(oldFields.map { old in
                guard let name = old["name"], let new = newFields.first(where: { $0["name"] == name }), let value = new["value"],
                      value != "********", case .object(var field) = old else { return old }
                field["value"] = value
                return .object(field)
            })
        }
        self[flavor].downloadClient = .object(client)
        return SimReply(status: 202, json: .object(client))
    }

    /// `GET /manualimport?downloadId=`: one candidate per file of a finished download the *arr tracks (one per episode
    /// for Sonarr), with what it matched from the grab; nothing for a download it does not know or that is not done.
    private func manualImportCandidates(_ state: ServarrState, downloadId: String?) -> [JSONValue] {
        guard let downloadId, let download = state.downloads.first(where: { $0.downloadId == downloadId }),
              sab.history.contains(where: { $0.job.nzoId == downloadId }), let media = state.media[download.mediaId] else { return [] }
        let folder = "/data/downloads/complete/\(state.flavor.category)/\(download.release)"
        let base: [String: JSONValue] = [
            "folderName": .string(download.release), "quality": state.qualityModel(download.quality), "languages": [ServarrState.english],
            "releaseGroup": .string(String(download.release.split(separator: "-").last ?? "")), "qualityWeight": .int(download.quality * 100),
            "downloadId": .string(downloadId), "customFormats": [], "customFormatScore": 0, "indexerFlags": 0, "rejections": [],
        ]
        if state.flavor == .radarr {
            var candidate = base
            let name = "\(download.release).mkv"
            candidate.merge(["id": .int(download.queueIds[0]), "path": .string("\(folder)/\(name)"), "relativePath": .string(name), "name": .string(download.release),
                             "size": .int64(download.size), "movie": state.resource(media.title, media: media, now: now)]) { $1 }
            return [.object(candidate)]
        }
        return download.episodeIds.compactMap { state.episodes[$0] }.map { episode in
            var candidate = base
            candidate["releaseType"] = download.episodeIds.count > 1 ? "seasonPack" : "singleEpisode"  // Sonarr's only
            let name = Simulation.releaseBase(media.title, episodes: [episode], quality: SimQuality.byId(download.quality)) + ".mkv"
            candidate.merge(["id": .int(episode.id), "path": .string("\(folder)/\(name)"), "relativePath": .string(name), "name": .string(name),
                             "size": .int64(download.size / Int64(max(1, download.episodeIds.count))), "seasonNumber": .int(episode.season),
                             "series": state.resource(media.title, media: media, now: now), "episodes": [state.episode(episode, includeSeries: false)]]) { $1 }
            return .object(candidate)
        }
    }

    /// One file of a `ManualImport` command: imports it when it names a tracked download's file and its movie or
    /// episodes; the download leaves the queue once every file of it is in.
    private func manualImport(_ flavor: ServarrFlavor, _ file: JSONValue) {
        var state = self[flavor]
        guard let path = file["path"]?.stringValue, let downloadId = file["downloadId"]?.stringValue,
              let index = state.downloads.firstIndex(where: { $0.downloadId == downloadId }) else { return }
        let download = state.downloads[index]
        guard path.contains(download.release) else { return }
        if flavor == .radarr {
            guard file["movieId"]?.intValue == download.mediaId else { return }
            state.downloads[index].episodeIds = []
        } else {
            guard file["seriesId"]?.intValue == download.mediaId, case .array(let ids)? = file["episodeIds"] else { return }
            let episodes = ids.compactMap(\.intValue).filter(download.episodeIds.contains)
            guard !episodes.isEmpty else { return }
            var part = download
            part.episodeIds = episodes
            importFiles(&state, part)
            state.downloads[index].episodeIds.removeAll(where: episodes.contains)
            state.downloads[index].queueIds = Array(state.downloads[index].queueIds.prefix(state.downloads[index].episodeIds.count))
            if !state.downloads[index].episodeIds.isEmpty { self[flavor] = state; return }
        }
        if flavor == .radarr { importFiles(&state, download) }
        state.downloads.remove(at: index)
        if state.removesCompleted { sab.history.removeAll { $0.job.nzoId == downloadId } }
        self[flavor] = state
    }
}
