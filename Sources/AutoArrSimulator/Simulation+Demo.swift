import AutoArrCore
import Foundation

extension Simulation {
    /// A lived-in stack for `autoarr demo`: libraries with files, a few downloads under way, and the failures users
    /// meet (missing articles, a stall, an import the *arr blocks), with the *arrs' own retry switched off so the
    /// failures stay for AutoArr to find.
    public func seedDemo() {
        let library: [(ServarrFlavor, Int, Int, Bool)] = [
            // flavor, tvdb/tmdb id, quality profile, already has files
            (.radarr, 438631, 5, true), (.radarr, 603, 4, true), (.radarr, 27205, 4, true), (.radarr, 155, 4, true),
            (.radarr, 157336, 4, true), (.radarr, 496243, 4, true), (.radarr, 872585, 4, false), (.radarr, 945961, 4, false),
            (.radarr, 693134, 5, false), (.radarr, 129, 6, false),
            (.sonarr, 81189, 4, true), (.sonarr, 403245, 4, true), (.sonarr, 371980, 4, false), (.sonarr, 73244, 6, true),
            (.sonarr, 305288, 4, false),
        ]
        for flavor in ServarrFlavor.allCases {
            self[flavor].downloadClientConfig["autoRedownloadFailed"] = false
            self[flavor].downloadClient["removeFailedDownloads"] = false
        }
        inject(DownloadFaultRule(.fail(message: DownloadFault.missingArticles, atPercent: 35), titleContains: "Oppenheimer"))
        inject(DownloadFaultRule(.fail(message: DownloadFault.passwordProtected, atPercent: 100), titleContains: "Alien.Romulus"))
        inject(DownloadFaultRule(.stall(atPercent: 18), titleContains: "Severance.S02"))
        inject(DownloadFaultRule(.importBlocked(messages: [DownloadFault.matchedById]), titleContains: "Stranger.Things.S01"))
        for (flavor, id, profile, hasFiles) in library {
            let key = flavor == .sonarr ? "tvdbId" : "tmdbId"
            let body: JSONValue = [
                key: .int(id), "qualityProfileId": .int(profile), "rootFolderPath": .string(flavor.rootFolder), "monitored": true,
                "addOptions": flavor == .sonarr ? ["monitor": "all", "searchForMissingEpisodes": false] : ["searchForMovie": false, "monitor": "movieOnly"],
            ]
            guard servarr(flavor, SimRequest(method: "POST", segments: [flavor.mediaPath], body: body)).status == 200,
                  let item = self[flavor].media.values.first(where: { (flavor == .sonarr ? $0.title.tvdbId : $0.title.tmdbId) == id }) else { continue }
            guard hasFiles else { continue }
            let quality = self[flavor].profile(profile)?.best(for: flavor).id ?? 7
            if flavor == .radarr {
                self[flavor].media[item.id]?.fileQuality = quality
            } else {
                // Everything but the last season is on disk.
                let last = item.title.seasons.count
                for (episodeId, episode) in self[flavor].episodes where episode.seriesId == item.id && (episode.season < last || last == 1) {
                    self[flavor].episodes[episodeId]?.fileQuality = quality
                }
            }
            let section = flavor == .radarr ? 0 : 1
            plex.sections[section].items.append(item.title)
        }
        // Movies first, so the seeded movie failures are at the top of SABnzbd's queue and show within seconds.
        for flavor in [ServarrFlavor.radarr, .sonarr] {
            _ = servarr(flavor, SimRequest(method: "POST", segments: ["command"], body: ["name": .string(flavor == .sonarr ? "MissingEpisodeSearch" : "MissingMoviesSearch")]))
        }
        radarr.extraHealth.append(("IndexerStatusCheck", "warning", "Indexers unavailable due to failures for more than 6 hours: DrunkenSlug"))
        sab.warnings.append(("WARNING", "Server news.provider.example will be ignored for 10 minutes", now - 600))
        plex.sessions.append(("Inception", "movie", "alex"))
    }

    /// A large queue for load tests: `count` queued downloads in Radarr and SABnzbd, over up to 50 movies.
    public func seedQueue(count: Int) {
        let movies = catalogue.titles.filter { $0.kind == .movie }.prefix(50)
        for title in movies where !radarr.media.values.contains(where: { $0.title == title }) {
            _ = servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                "tmdbId": .int(title.tmdbId), "qualityProfileId": 4, "rootFolderPath": .string(ServarrFlavor.radarr.rootFolder)]))
        }
        let ids = radarr.media.keys.sorted()
        guard !ids.isEmpty else { return }
        for index in 0..<count {
            let media = radarr.media[ids[index % ids.count]]!
            let release = "\(Simulation.releaseBase(media.title, episodes: [], quality: SimQuality.byId(7))).\(index)-LOAD"
            let nzoId = "SABnzbd_nzo_load\(index)"
            sab.queue.append(SABJob(nzoId: nzoId, name: release, category: "movies", totalBytes: 8_000_000_000, added: now))
            radarr.downloads.append(SimDownload(downloadId: nzoId, mediaId: media.id, episodeIds: [], queueIds: [radarr.next("queue")], release: release,
                                                quality: 7, size: 8_000_000_000, indexer: "NZBgeek", added: now))
        }
    }

    /// Makes Radarr track a download held by a real client outside the simulation, as if it had grabbed it there:
    /// the movie (added when missing), a queue record and a grabbed history event. - Returns: the queue record's id.
    @discardableResult
    public func trackExternal(downloadId: String, release: String, tmdbId: Int, protocol usenet: Bool = true) -> Int? {
        if !radarr.media.values.contains(where: { $0.title.tmdbId == tmdbId }) {
            _ = servarr(.radarr, SimRequest(method: "POST", segments: ["movie"], body: [
                "tmdbId": .int(tmdbId), "qualityProfileId": 4, "rootFolderPath": .string(ServarrFlavor.radarr.rootFolder)]))
        }
        guard let media = radarr.media.values.first(where: { $0.title.tmdbId == tmdbId }) else { return nil }
        var download = SimDownload(downloadId: downloadId, mediaId: media.id, episodeIds: [], queueIds: [radarr.next("queue")], release: release,
                                   quality: 7, size: 1_000_000, indexer: "NZBgeek", added: now)
        download.external = true
        radarr.downloads.append(download)
        record(&radarr, .grabbed, download, data: ["indexer": "NZBgeek", "downloadClient": "SABnzbd", "downloadClientName": "SABnzbd"])
        return download.queueIds[0]
    }

    /// Makes Sonarr track one episode's download held by a real client outside the simulation, as if it had grabbed
    /// it there: the series (added unmonitored for search when missing), a queue record and a grabbed history event.
    /// - Returns: the queue record's id.
    @discardableResult
    public func trackExternalEpisode(downloadId: String, release: String, tvdbId: Int, season: Int, episode: Int) -> Int? {
        if !sonarr.media.values.contains(where: { $0.title.tvdbId == tvdbId }) {
            _ = servarr(.sonarr, SimRequest(method: "POST", segments: ["series"], body: [
                "tvdbId": .int(tvdbId), "qualityProfileId": 4, "rootFolderPath": .string(ServarrFlavor.sonarr.rootFolder),
                "addOptions": ["monitor": "all", "searchForMissingEpisodes": false]]))
        }
        guard let series = sonarr.media.values.first(where: { $0.title.tvdbId == tvdbId }),
              let target = sonarr.episodes.values.first(where: { $0.seriesId == series.id && $0.season == season && $0.number == episode }) else { return nil }
        var download = SimDownload(downloadId: downloadId, mediaId: series.id, episodeIds: [target.id], queueIds: [sonarr.next("queue")], release: release,
                                   quality: 7, size: 1_000_000, indexer: "NZBgeek", added: now)
        download.external = true
        sonarr.downloads.append(download)
        record(&sonarr, .grabbed, download, data: ["indexer": "NZBgeek", "downloadClient": "SABnzbd", "downloadClientName": "SABnzbd",
                                                   "releaseSource": download.releaseSource])
        return download.queueIds[0]
    }

    /// What the *arr's check of its download client does when a job it tracks in a real client outside the simulation
    /// has failed there (the simulation cannot see that client): marks it failed as Sonarr's FailedDownloadService does,
    /// with the history event and the blocklist, and searches again only when redownload-failed is on.
    public func failExternal(downloadId: String, message: String) {
        for flavor in ServarrFlavor.allCases {
            var state = self[flavor]
            guard let index = state.downloads.firstIndex(where: { $0.downloadId == downloadId && $0.external }) else { continue }
            let download = state.downloads[index]
            markFailed(&state, download, message: message)
            state.downloads[index].state = .failed(message)
            self[flavor] = state
            if state.redownloads(download) { search(flavor, mediaId: download.mediaId, episodeIds: download.episodeIds) }
        }
    }
}
