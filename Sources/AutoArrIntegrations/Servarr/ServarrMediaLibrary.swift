import AutoArrCore
import Foundation

/// Requests' view of Sonarr and Radarr, over `ServarrClient`.
public struct ServarrMediaLibrary: MediaLibrary {
    let transport: HTTPTransport

    public init(transport: HTTPTransport) {
        self.transport = transport
    }

    func client(_ instance: ServiceInstance) -> ServarrClient { ServarrClient(transport: transport, instance: instance) }

    public func lookup(_ term: String, in instance: ServiceInstance) async throws -> [MediaCandidate] {
        guard case .array(let resources) = try await client(instance).lookup(term) else { return [] }
        return resources.compactMap { Self.candidate($0, instance: instance) }
    }

    /// A lookup result as a candidate; nil when it has no usable id.
    static func candidate(_ resource: JSONValue, instance: ServiceInstance) -> MediaCandidate? {
        let isSeries = instance.kind == .sonarr
        let tmdb = resource["tmdbId"]?.intValue, tvdb = resource["tvdbId"]?.intValue
        guard let title = resource["title"]?.stringValue, let key = isSeries ? tvdb : tmdb, key > 0 else { return nil }
        var poster = resource["remotePoster"]?.stringValue
        if poster == nil, case .array(let images)? = resource["images"] {
            poster = images.first { $0["coverType"] == "poster" }?["remoteUrl"]?.stringValue
        }
        var seasons: [Int] = []
        if case .array(let list)? = resource["seasons"] { seasons = list.compactMap { $0["seasonNumber"]?.intValue }.filter { $0 > 0 } }
        let libraryId = resource["id"]?.intValue.flatMap { $0 > 0 ? $0 : nil }
        var hasFile = resource["hasFile"]?.boolValue
        if isSeries, let statistics = resource["statistics"], let files = statistics["episodeFileCount"]?.intValue,
           let episodes = statistics["episodeCount"]?.intValue {
            hasFile = episodes > 0 && files >= episodes
        }
        // Radarr sends TMDb popularity; Sonarr only rating votes, scaled to the same 0–100 range.
        let popularity = resource["popularity"].flatMap(Self.number)
            ?? resource["ratings"]?["votes"].flatMap(Self.number).map { min(100, log10($0 + 1) * 25) } ?? 0
        return MediaCandidate(
            id: isSeries ? "tvdb:\(key)" : "tmdb:\(key)", type: isSeries ? .tv : .movie, instance: instance.name, title: title,
            year: resource["year"]?.intValue.flatMap { $0 > 0 ? $0 : nil }, overview: resource["overview"]?.stringValue, posterURL: poster,
            company: resource[isSeries ? "network" : "studio"]?.stringValue, tmdbId: tmdb, tvdbId: tvdb, imdbId: resource["imdbId"]?.stringValue,
            popularity: popularity, seasons: seasons, libraryId: libraryId, hasFile: libraryId == nil ? nil : hasFile,
            qualityProfileId: libraryId == nil ? nil : resource["qualityProfileId"]?.intValue)
    }

    static func number(_ value: JSONValue) -> Double? {
        if case .number(let number) = value { return number }
        return nil
    }

    public func qualityProfiles(in instance: ServiceInstance) async throws -> [QualityProfileSummary] {
        guard case .array(let profiles) = try await client(instance).list("qualityprofile") else { return [] }
        return profiles.compactMap { profile in
            guard let id = profile["id"]?.intValue, let name = profile["name"]?.stringValue else { return nil }
            var allowed: [Int] = []
            var resolutionById: [Int: Int] = [:]
            func walk(_ items: JSONValue?, allowedAbove: Bool) {
                guard case .array(let list)? = items else { return }
                for item in list {
                    let isAllowed = allowedAbove || item["allowed"]?.boolValue == true
                    if let quality = item["quality"], let resolution = quality["resolution"]?.intValue {
                        if let qualityId = quality["id"]?.intValue { resolutionById[qualityId] = resolution }
                        if isAllowed, resolution > 0 { allowed.append(resolution) }
                    }
                    if let groupId = item["id"]?.intValue, case .array(let inner)? = item["items"], !inner.isEmpty {
                        walk(item["items"], allowedAbove: isAllowed)
                        resolutionById[groupId] = inner.compactMap { $0["quality"]?["resolution"]?.intValue }.max()
                    }
                }
            }
            walk(profile["items"], allowedAbove: false)
            let cutoff = profile["cutoff"]?.intValue.flatMap { resolutionById[$0] } ?? 0
            return QualityProfileSummary(id: id, name: name, resolutions: Array(Set(allowed)).sorted(), cutoffResolution: cutoff)
        }
    }

    public func rootFolders(in instance: ServiceInstance) async throws -> [RootFolderSummary] {
        guard case .array(let folders) = try await client(instance).list("rootfolder") else { return [] }
        return folders.compactMap { folder in
            guard let path = folder["path"]?.stringValue else { return nil }
            let free = folder["freeSpace"].flatMap(Self.number).map { Int64($0) } ?? 0
            return RootFolderSummary(path: path, freeSpace: free, accessible: folder["accessible"]?.boolValue ?? true)
        }
    }

    public func add(_ candidate: MediaCandidate, options: AddMediaOptions, in instance: ServiceInstance) async throws -> Int {
        let client = client(instance)
        guard case .array(let found) = try await client.lookup(candidate.id), case .object(var resource)? = found.first else {
            throw IntegrationError(.rejected, instance: instance.name, "\(candidate.id) is no longer found by \(instance.name)")
        }
        resource["qualityProfileId"] = .number(Double(options.qualityProfileId))
        resource["rootFolderPath"] = .string(options.rootFolderPath)
        resource["monitored"] = true
        resource["tags"] = .array(try await tagIds(options.tags, client: client).map { .number(Double($0)) })
        if instance.kind == .sonarr {
            resource["seasonFolder"] = true
            if let seasons = options.seasons, case .array(let list)? = resource["seasons"] {
                resource["seasons"] = .array(list.map { season in
                    guard case .object(var fields) = season else { return season }
                    fields["monitored"] = .bool(season["seasonNumber"]?.intValue.map(seasons.contains) ?? false)
                    return .object(fields)
                })
            }
            // Without `monitor`, Sonarr keeps the seasons' own flags: only the seasons asked for.
            var addOptions: [String: JSONValue] = ["searchForMissingEpisodes": true, "searchForCutoffUnmetEpisodes": false]
            if options.seasons == nil { addOptions["monitor"] = "all" }
            resource["addOptions"] = .object(addOptions)
        } else {
            resource["minimumAvailability"] = .string(options.minimumAvailability)
            resource["addOptions"] = ["searchForMovie": true, "monitor": "movieOnly", "addMethod": "manual"]
        }
        let added = try await client.add(.object(resource))
        guard let id = added["id"]?.intValue else { throw IntegrationError(.badResponse, instance: instance.name, "the added item has no id") }
        return id
    }

    /// The ids of these tag labels, creating the missing ones.
    private func tagIds(_ labels: [String], client: ServarrClient) async throws -> [Int] {
        guard !labels.isEmpty else { return [] }
        var existing: [String: Int] = [:]
        if case .array(let tags) = try await client.list("tag") {
            for tag in tags { if let label = tag["label"]?.stringValue, let id = tag["id"]?.intValue { existing[label.lowercased()] = id } }
        }
        var ids: [Int] = []
        for label in labels {
            if let id = existing[label.lowercased()] { ids.append(id) } else { ids.append(try await client.createTag(label)) }
        }
        return ids
    }

    public func progress(mediaId: Int, seasons: [Int]?, in instance: ServiceInstance) async throws -> MediaProgress {
        let client = client(instance)
        let queued = try await client.queue(page: 1, pageSize: 250, details: false).items.filter { $0.mediaId == mediaId }
        let downloadIds = Array(Set(queued.compactMap(\.downloadId))).sorted()
        if instance.kind == .radarr {
            let movie = try await client.media(id: mediaId)
            return MediaProgress(available: movie["hasFile"]?.boolValue == true, downloading: !queued.isEmpty, downloadIds: downloadIds)
        }
        guard case .array(let episodes) = try await client.episodes(seriesId: mediaId) else {
            return MediaProgress(available: false, downloading: !queued.isEmpty, downloadIds: downloadIds)
        }
        let wanted = episodes.filter { episode in
            guard let season = episode["seasonNumber"]?.intValue, season > 0 else { return false }
            return seasons.map { $0.contains(season) } ?? (episode["monitored"]?.boolValue == true)
        }
        let available = !wanted.isEmpty && wanted.allSatisfy { $0["hasFile"]?.boolValue == true }
        return MediaProgress(available: available, downloading: !queued.isEmpty, downloadIds: downloadIds)
    }

    public func search(mediaId: Int, seasons: [Int]?, in instance: ServiceInstance) async throws {
        let client = client(instance)
        if instance.kind == .radarr {
            _ = try await client.command(.moviesSearch(movieIds: [mediaId]))
        } else if let seasons {
            for season in seasons { _ = try await client.command(.seasonSearch(seriesId: mediaId, seasonNumber: season)) }
        } else {
            _ = try await client.command(.seriesSearch(seriesId: mediaId))
        }
    }

    public func remove(mediaId: Int, in instance: ServiceInstance) async throws {
        try await client(instance).deleteMedia(id: mediaId)
    }

    public func setQualityProfile(mediaId: Int, profileId: Int, in instance: ServiceInstance) async throws {
        let client = client(instance)
        var media = try await client.media(id: mediaId)
        media["qualityProfileId"] = .number(Double(profileId))
        _ = try await client.updateMedia(media)
    }
}

// MARK: The library, the calendar and what is wanted

extension ServarrMediaLibrary: LibraryBrowser {
    public func items(matching term: String, in instance: ServiceInstance) async throws -> [LibraryItem] {
        let client = client(instance)
        guard case .array(let resources) = try await client.list(client.mediaPath) else { return [] }
        let words = term.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return resources.filter { resource in
            let title = (resource["title"]?.stringValue ?? "").lowercased()
            return words.allSatisfy { title.contains($0) }
        }.compactMap { Self.libraryItem($0, instance: instance) }
    }

    static func libraryItem(_ resource: JSONValue, instance: ServiceInstance) -> LibraryItem? {
        guard let id = resource["id"]?.intValue, let title = resource["title"]?.stringValue else { return nil }
        let statistics = resource["statistics"]
        let size = Int64(statistics?["sizeOnDisk"].flatMap(number) ?? resource["sizeOnDisk"].flatMap(number) ?? 0)
        if instance.kind == .radarr {
            let file = resource["movieFile"]
            return LibraryItem(instance: instance.name, type: "movie", id: id, title: title, year: resource["year"]?.intValue,
                               monitored: resource["monitored"]?.boolValue ?? false, hasFile: resource["hasFile"]?.boolValue ?? false,
                               quality: file?["quality"]?["quality"]?["name"]?.stringValue,
                               cutoffMet: file?["qualityCutoffNotMet"]?.boolValue.map { !$0 }, sizeOnDisk: size, path: resource["path"]?.stringValue)
        }
        let files = statistics?["episodeFileCount"]?.intValue ?? 0, episodes = statistics?["episodeCount"]?.intValue ?? 0
        return LibraryItem(instance: instance.name, type: "series", id: id, title: title, year: resource["year"]?.intValue,
                           monitored: resource["monitored"]?.boolValue ?? false, hasFile: episodes > 0 && files >= episodes,
                           episodeFileCount: files, episodeCount: episodes, sizeOnDisk: size, path: resource["path"]?.stringValue)
    }

    public func calendar(from start: Date, to end: Date, in instance: ServiceInstance) async throws -> [CalendarEntry] {
        var query = [URLQueryItem(name: "start", value: ISO8601Timestamp.format(start)), URLQueryItem(name: "end", value: ISO8601Timestamp.format(end))]
        if instance.kind == .sonarr { query.append(URLQueryItem(name: "includeSeries", value: "true")) }
        guard case .array(let resources) = try await client(instance).get("calendar", query: query) else { return [] }
        if instance.kind == .sonarr {
            return resources.compactMap { episode in
                guard let date = episode["airDateUtc"]?.stringValue.flatMap(ISO8601Timestamp.parse) else { return nil }
                return CalendarEntry(instance: instance.name, title: episode["series"]?["title"]?.stringValue ?? "series \(episode["seriesId"]?.intValue ?? 0)",
                                     season: episode["seasonNumber"]?.intValue, episode: episode["episodeNumber"]?.intValue,
                                     episodeTitle: episode["title"]?.stringValue, date: date, hasFile: episode["hasFile"]?.boolValue ?? false,
                                     monitored: episode["monitored"]?.boolValue ?? false)
            }
        }
        // Radarr lists a movie once for the window; each of its release dates inside it is an entry.
        return resources.flatMap { movie -> [CalendarEntry] in
            ["inCinemas", "digitalRelease", "physicalRelease"].compactMap { release in
                guard let date = movie[release]?.stringValue.flatMap(ISO8601Timestamp.parse), date >= start, date <= end,
                      let title = movie["title"]?.stringValue else { return nil }
                return CalendarEntry(instance: instance.name, title: title, release: release, date: date, hasFile: movie["hasFile"]?.boolValue ?? false,
                                     monitored: movie["monitored"]?.boolValue ?? false)
            }
        }
    }

    public func wanted(_ kind: WantedKind, limit: Int, in instance: ServiceInstance) async throws -> (entries: [WantedEntry], total: Int) {
        var query = [URLQueryItem(name: "page", value: "1"), URLQueryItem(name: "pageSize", value: String(limit)),
                     URLQueryItem(name: "monitored", value: "true")]
        if instance.kind == .sonarr { query.append(URLQueryItem(name: "includeSeries", value: "true")) }
        let page = try await client(instance).get("wanted/\(kind.rawValue)", query: query)
        guard case .array(let records)? = page["records"] else {
            throw IntegrationError(.badResponse, instance: instance.name, "wanted/\(kind.rawValue) did not answer a page of records")
        }
        let entries = records.compactMap { record -> WantedEntry? in
            if instance.kind == .sonarr {
                return WantedEntry(instance: instance.name, title: record["series"]?["title"]?.stringValue ?? "series \(record["seriesId"]?.intValue ?? 0)",
                                   season: record["seasonNumber"]?.intValue, episode: record["episodeNumber"]?.intValue,
                                   airDate: record["airDateUtc"]?.stringValue.flatMap(ISO8601Timestamp.parse),
                                   quality: record["episodeFile"]?["quality"]?["quality"]?["name"]?.stringValue)
            }
            guard let title = record["title"]?.stringValue else { return nil }
            return WantedEntry(instance: instance.name, title: title, airDate: record["inCinemas"]?.stringValue.flatMap(ISO8601Timestamp.parse),
                               quality: record["movieFile"]?["quality"]?["quality"]?["name"]?.stringValue)
        }
        return (entries, page["totalRecords"]?.intValue ?? entries.count)
    }
}
