import AutoArrCore
import Foundation

/// Sonarr's and Radarr's v3 resources, with the field names and enums of their official specs.
extension ServarrState {
    static let english: JSONValue = ["id": 1, "name": "English"]
    static let unsetDate = "0001-01-01T00:00:00Z"

    func quality(_ id: Int) -> JSONValue {
        let quality = SimQuality.byId(id)
        let source: String = switch (flavor, quality.source) {
        case (.sonarr, .television): "television"
        case (.radarr, .television): "tv"
        case (.sonarr, .web): "web"
        case (.radarr, .web): "webdl"
        case (_, .dvd): "dvd"
        case (_, .bluray): "bluray"
        }
        var fields: [String: JSONValue] = ["id": .int(quality.id), "name": .string(quality.name), "source": .string(source), "resolution": .int(quality.resolution)]
        if flavor == .radarr { fields["modifier"] = "none" }
        return .object(fields)
    }

    func qualityModel(_ id: Int) -> JSONValue {
        ["quality": quality(id), "revision": ["version": 1, "real": 0, "isRepack": false]]
    }

    /// The artwork URLs the real services give: TheTVDB's v4 banners for Sonarr, TMDb's hashed image paths for Radarr
    /// (a stable 27-character name per title, as TMDb's look).
    func remotePoster(_ title: CatalogueTitle) -> String {
        if flavor == .sonarr { return "https://artworks.thetvdb.com/banners/v4/series/\(title.tvdbId ?? 0)/posters/\(Self.imageName(title.tmdbId, length: 13)).jpg" }
        return "https://image.tmdb.org/t/p/original/\(Self.imageName(title.tmdbId, length: 27)).jpg"
    }

    static func imageName(_ seed: Int, length: Int) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        return String((0..<length).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return alphabet[Int(state % UInt64(alphabet.count))]
        })
    }

    func images(_ title: CatalogueTitle, mediaId: Int?) -> JSONValue {
        let remote = remotePoster(title)
        var poster: [String: JSONValue] = ["coverType": "poster", "remoteUrl": .string(remote)]
        poster["url"] = mediaId.map { .string("/MediaCover/\($0)/poster.jpg") } ?? .string(remote)
        return [.object(poster)]
    }

    /// A library item, or (without `media`) a lookup result that is not in the library yet.
    func resource(_ title: CatalogueTitle, media: SimMedia?, now: Date) -> JSONValue {
        flavor == .sonarr ? series(title, media: media) : movie(title, media: media)
    }

    private func common(_ title: CatalogueTitle, media: SimMedia?) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "title": .string(title.title), "sortTitle": .string(title.sortTitle), "overview": .string(title.overview),
            "images": images(title, mediaId: media?.id), "remotePoster": .string(remotePoster(title)),
            "year": .int(title.year), "qualityProfileId": .int(media?.qualityProfileId ?? 0), "monitored": .bool(media?.monitored ?? true),
            "runtime": .int(title.runtime), "tmdbId": .int(title.tmdbId), "imdbId": .text(title.imdbId), "cleanTitle": .string(title.cleanTitle),
            "titleSlug": .string(title.titleSlug), "folder": .string(media?.folder ?? SimMedia.folder(title)), "genres": .array(title.genres.map(JSONValue.string)),
            "tags": .ints(media?.tags ?? []), "added": media.map { .date($0.added) } ?? .string(Self.unsetDate),
            "originalLanguage": Self.english,
        ]
        if let media {
            fields["id"] = .int(media.id)
            fields["path"] = .string(media.path)
            fields["rootFolderPath"] = .string(media.rootFolderPath)
        }
        return fields
    }

    private func series(_ title: CatalogueTitle, media: SimMedia?) -> JSONValue {
        var fields = common(title, media: media)
        let episodes = media.map { media in self.episodes.values.filter { $0.seriesId == media.id } } ?? []
        let firstAired = Self.airDate(title, season: 1, episode: 1)
        fields.merge([
            "alternateTitles": [], "status": title.ended ? "ended" : "continuing", "ended": .bool(title.ended), "network": .string(title.company),
            "airTime": "21:00", "seasons": .array(title.seasons.indices.map { index in
                let number = index + 1
                let inSeason = episodes.filter { $0.season == number }
                return ["seasonNumber": .int(number), "monitored": .bool(media == nil || inSeason.contains { $0.monitored }),
                        "statistics": statistics(inSeason, total: title.seasons[index], season: true)]
            }),
            "seasonFolder": .bool(media?.seasonFolder ?? true), "monitorNewItems": "all", "useSceneNumbering": false,
            "tvdbId": .int(title.tvdbId ?? 0), "tvRageId": 0, "tvMazeId": 0, "firstAired": .date(firstAired),
            "seriesType": .string(media?.seriesType ?? "standard"), "certification": "TV-14",
            "ratings": ["votes": .int(Int(title.popularity * 97)), "value": .number((title.popularity / 11).rounded() / 1.0)],
            "statistics": statistics(episodes, total: title.seasons.reduce(0, +), season: false), "languageProfileId": 1,
        ]) { $1 }
        return .object(fields)
    }

    private func statistics(_ episodes: [SimEpisode], total: Int, season: Bool) -> JSONValue {
        let files = episodes.filter { $0.fileQuality != nil }
        let monitored = episodes.filter(\.monitored).count
        let size = files.reduce(Int64(0)) { $0 + Int64(2_400_000_000 + $1.id % 7 * 10_000_000) }
        var fields: [String: JSONValue] = [
            "episodeFileCount": .int(files.count), "episodeCount": .int(monitored), "totalEpisodeCount": .int(total),
            "sizeOnDisk": .int64(size), "releaseGroups": [], "percentOfEpisodes": .number(monitored == 0 ? 0 : Double(files.count) * 100 / Double(monitored)),
        ]
        if !season { fields["seasonCount"] = .int(Set(episodes.map(\.season)).count) }
        return .object(fields)
    }

    private func movie(_ title: CatalogueTitle, media: SimMedia?) -> JSONValue {
        var fields = common(title, media: media)
        let release = Self.airDate(title, season: 1, episode: 1)
        let size = media?.fileQuality.map { Self.movieFileSize(title, quality: $0) } ?? 0
        fields.merge([
            "originalTitle": .string(title.title), "alternateTitles": [], "secondaryYearSourceId": 0, "sizeOnDisk": .int64(size),
            "status": "released", "inCinemas": .date(release), "physicalRelease": .date(release + 120 * 86400),
            "digitalRelease": .date(release + 90 * 86400), "releaseDate": .date(release + 90 * 86400), "website": "",
            "youTubeTrailerId": "", "studio": .string(title.company), "hasFile": .bool(media?.fileQuality != nil),
            "movieFileId": .int(media?.fileQuality == nil ? 0 : media?.id ?? 0), "minimumAvailability": .string(media?.minimumAvailability ?? "released"),
            "isAvailable": true, "folderName": .string(media?.path ?? ""), "certification": "PG-13", "keywords": [],
            "ratings": ["tmdb": ["votes": .int(Int(title.popularity * 211)), "value": .number((title.popularity / 11 * 10).rounded() / 10), "type": "user"]],
            "popularity": .number(title.popularity),
            "statistics": ["movieFileCount": .int(media?.fileQuality == nil ? 0 : 1), "sizeOnDisk": .int64(size), "releaseGroups": []],
        ]) { $1 }
        if let media, let quality = media.fileQuality {
            fields["movieFile"] = [
                "id": .int(media.id), "movieId": .int(media.id), "relativePath": .string("\(media.folder) \(SimQuality.byId(quality).name).mkv"),
                "path": .string("\(media.path)/\(media.folder) \(SimQuality.byId(quality).name).mkv"), "size": .int64(size),
                "dateAdded": .date(media.added), "languages": [Self.english], "quality": qualityModel(quality),
                "qualityCutoffNotMet": .bool(!(profile(media.qualityProfileId)?.meetsCutoff(quality) ?? true)),
            ]
        }
        return .object(fields)
    }

    func episode(_ episode: SimEpisode, includeSeries: Bool) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .int(episode.id), "seriesId": .int(episode.seriesId), "tvdbId": .int(episode.id * 7 + 1_000_000),
            "episodeFileId": .int(episode.fileQuality == nil ? 0 : episode.id), "seasonNumber": .int(episode.season),
            "episodeNumber": .int(episode.number), "title": .string("Episode \(episode.number)"),
            "airDate": .string(String(episode.airDate.formatted(.iso8601).prefix(10))), "airDateUtc": .date(episode.airDate),
            "runtime": .int(media[episode.seriesId]?.title.runtime ?? 0), "hasFile": .bool(episode.fileQuality != nil),
            "monitored": .bool(episode.monitored), "unverifiedSceneNumbering": false, "images": [],
        ]
        if includeSeries, let series = media[episode.seriesId] { fields["series"] = resource(series.title, media: series, now: started) }
        return .object(fields)
    }

    func queueRecords(_ download: SimDownload, job: SABJob?, history: SABHistoryEntry?, includeMedia: Bool, includeEpisode: Bool, now: Date, bytesPerSecond: Int64) -> [JSONValue] {
        let done = job?.doneBytes ?? download.size
        let left = Double(max(0, download.size - done))
        let (status, trackedStatus, trackedState, messages): (String, String, String, [JSONValue]) = {
            switch download.state {
            case .importBlocked(let messages):
                return ("completed", "warning", "importBlocked", [["title": .string(download.release), "messages": .array(messages.map(JSONValue.string))]])
            case .failedPending(let message), .failed(let message):
                return ("failed", "warning", download.isFinished ? "failed" : "failedPending", [["title": .string(download.release), "messages": [.string(message)]]])
            case .downloading:
                if history != nil { return ("completed", "ok", "importPending", []) }
                guard let job else { return (download.external ? "downloading" : "unknown", "ok", "downloading", []) }
                return (job.paused ? "paused" : job.doneBytes == 0 ? "queued" : "downloading", "ok", "downloading", [])
            }
        }()
        let seconds = job.map { $0.stalled || $0.paused ? nil : Int(left / Double(bytesPerSecond)) } ?? 0
        var base: [String: JSONValue] = [
            "languages": [Self.english], "quality": qualityModel(download.quality), "customFormats": [], "customFormatScore": 0,
            "size": .number(Double(download.size)), "title": .string(download.release), "added": .date(download.added),
            "status": .string(status), "trackedDownloadStatus": .string(trackedStatus), "trackedDownloadState": .string(trackedState),
            "statusMessages": .array(messages), "downloadId": .string(download.downloadId), "protocol": "usenet", "downloadClient": "SABnzbd",
            "downloadClientHasPostImportCategory": false, "indexer": .string(download.indexer),
            "outputPath": .string("/data/downloads/\(history == nil ? "incomplete" : "complete/\(flavor.category)")/\(download.release)"),
            "sizeleft": .number(left), "timeleft": seconds.map { .string(Self.span($0)) } ?? .null,
            "estimatedCompletionTime": seconds.map { .date(now + Double($0)) } ?? .null,
        ]
        if case .failedPending(let message) = download.state { base["errorMessage"] = .string(message) }
        if case .failed(let message) = download.state { base["errorMessage"] = .string(message) }
        guard let media = media[download.mediaId] else { return [] }
        if flavor == .radarr {
            base["id"] = .int(download.queueIds[0])
            base["movieId"] = .int(media.id)
            if includeMedia { base["movie"] = resource(media.title, media: media, now: now) }
            return [.object(base)]
        }
        return zip(download.queueIds, download.episodeIds).map { queueId, episodeId in
            var record = base
            record["id"] = .int(queueId)
            record["seriesId"] = .int(media.id)
            record["episodeId"] = .int(episodeId)
            record["seasonNumber"] = .int(episodes[episodeId]?.season ?? 0)
            record["episodeHasFile"] = .bool(episodes[episodeId]?.fileQuality != nil)
            if includeMedia { record["series"] = resource(media.title, media: media, now: now) }
            if includeEpisode, let episode = episodes[episodeId] { record["episode"] = self.episode(episode, includeSeries: false) }
            return .object(record)
        }
    }

    func history(_ event: SimHistoryEvent) -> JSONValue {
        let names: [SimHistoryEvent.Kind: String] = [.grabbed: "grabbed", .downloadFolderImported: "downloadFolderImported", .downloadFailed: "downloadFailed"]
        var fields: [String: JSONValue] = [
            "id": .int(event.id), "sourceTitle": .string(event.sourceTitle), "languages": [Self.english], "quality": qualityModel(event.quality),
            "customFormats": [], "customFormatScore": 0, "qualityCutoffNotMet": false, "date": .date(event.date),
            "downloadId": .text(event.downloadId), "eventType": .string(names[event.kind] ?? "unknown"),
            "data": .object(event.data.mapValues(JSONValue.string)),
        ]
        fields[flavor == .sonarr ? "seriesId" : "movieId"] = .int(event.mediaId)
        if let episodeId = event.episodeId { fields["episodeId"] = .int(episodeId) }
        return .object(fields)
    }

    func blocklistEntry(_ entry: SimBlocklistEntry) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .int(entry.id), "sourceTitle": .string(entry.sourceTitle), "languages": [Self.english], "quality": qualityModel(entry.quality),
            "customFormats": [], "date": .date(entry.date), "protocol": "usenet", "indexer": .string(entry.indexer), "message": .string(entry.message),
        ]
        fields[flavor == .sonarr ? "seriesId" : "movieId"] = .int(entry.mediaId)
        if flavor == .sonarr { fields["episodeIds"] = .ints(entry.episodeIds) }
        return .object(fields)
    }

    func profileResource(_ profile: SimProfile) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .int(profile.id), "name": .string(profile.name), "upgradeAllowed": .bool(profile.upgradeAllowed), "cutoff": .int(profile.cutoff),
            "items": .array(SimQuality.all.map { ["quality": quality($0.id), "items": [], "allowed": .bool(profile.allowed.contains($0.id))] }),
            "minFormatScore": 0, "cutoffFormatScore": 0, "minUpgradeFormatScore": 1, "formatItems": [],
        ]
        if flavor == .radarr { fields["language"] = Self.english }
        return .object(fields)
    }

    func command(_ command: SimCommand) -> JSONValue {
        var body = command.body
        if case .object(var fields) = body {
            fields["sendUpdatesToClient"] = true
            fields["trigger"] = "manual"
            body = .object(fields)
        }
        return [
            "id": .int(command.id), "name": .string(command.name), "commandName": .string(Self.commandTitle(command.name)),
            "message": .text(command.message), "body": body, "priority": "normal", "status": .string(command.status),
            "result": .string(command.status == "completed" ? "successful" : "unknown"), "queued": .date(command.queued),
            "started": .date(command.queued), "ended": .date(command.ended), "trigger": "manual", "stateChangeTime": .date(command.ended ?? command.queued),
            "sendUpdatesToClient": true, "updateScheduledTask": true,
        ]
    }

    /// "MissingEpisodeSearch" → "Missing Episode Search".
    static func commandTitle(_ name: String) -> String {
        name.reduce(into: "") { text, character in
            if character.isUppercase, !text.isEmpty { text.append(" ") }
            text.append(character)
        }
    }

    /// A .NET TimeSpan: "00:05:12", or "1.02:03:04" past a day.
    static func span(_ seconds: Int) -> String {
        let days = seconds / 86400, rest = seconds % 86400
        let time = String(format: "%02d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60)
        return days > 0 ? "\(days).\(time)" : time
    }

    /// Seasons air a year apart, an episode a week, starting on the title's year.
    static func airDate(_ title: CatalogueTitle, season: Int, episode: Int) -> Date {
        let start = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: title.year, month: 3, day: 1).date ?? Date(timeIntervalSince1970: 0)
        return start + Double(season - 1) * 365 * 86400 + Double(episode - 1) * 7 * 86400
    }

    static func movieFileSize(_ title: CatalogueTitle, quality: Int) -> Int64 {
        Simulation.size(of: title, quality: SimQuality.byId(quality), episodes: 1)
    }
}

extension SimMedia {
    static func folder(_ title: CatalogueTitle) -> String { title.kind == .movie ? "\(title.title) (\(title.year))" : title.title }
}
