import AutoArrCore
import Foundation

/// The monitor's and the recovery engine's way to every client and *arr, over the real clients.
public struct DownloadGateway: DownloadSources, RecoveryActions {
    let transport: HTTPTransport
    /// Finds an instance by name (the service registry).
    let instance: @Sendable (String) async throws -> ServiceInstance
    /// *arr instance → the profile (name or id) a quality fallback switches to (`monitor.fallbackProfiles`).
    let fallbackProfiles: [String: String]

    public init(transport: HTTPTransport, fallbackProfiles: [String: String] = [:], instance: @escaping @Sendable (String) async throws -> ServiceInstance) {
        self.transport = transport
        self.fallbackProfiles = fallbackProfiles
        self.instance = instance
    }

    public func clientItems(_ instance: ServiceInstance) async throws -> [DownloadItem] {
        switch instance.kind {
        // The history is fetched beside the queue and appended to it: the queue (5,000 jobs) is not copied, as
        // `queue + history` of two `async let`s would.
        case .sabnzbd:
            let client = SABnzbdClient(transport: transport, instance: instance)
            async let history = client.history(limit: 100)
            var items = try await client.queue()
            items += try await history
            return items
        case .nzbget:
            let client = NZBGetClient(transport: transport, instance: instance)
            async let history = client.history()
            var items = try await client.queue()
            items += try await history
            return items
        case .qbittorrent: return try await QBittorrentClient(transport: transport, instance: instance).torrents()
        case .transmission: return try await TransmissionClient(transport: transport, instance: instance).torrents()
        default: return []
        }
    }

    /// Every page of the *arr's queue.
    public func arrQueue(_ instance: ServiceInstance) async throws -> [ArrQueueItem] {
        let client = ServarrClient(transport: transport, instance: instance)
        var items: [ArrQueueItem] = []
        for page in 1...100 {
            let (found, total) = try await client.queue(page: page, pageSize: 1000, details: false)
            if items.isEmpty { items = found } else { items += found }
            if found.isEmpty || items.count >= total { break }
        }
        return items
    }

    /// The newest 250 grabs, imports and failures.
    public func arrHistory(_ instance: ServiceInstance) async throws -> [ArrHistoryEvent] {
        let records = try await ServarrClient(transport: transport, instance: instance).history(
            pageSize: 250, eventTypes: [ServarrClient.grabbedEvent, ServarrClient.downloadFolderImportedEvent, ServarrClient.downloadFailedEvent])
        return records.compactMap { record in
            let kind: ArrHistoryEvent.Kind? = switch record.eventType {
            case "grabbed"?: .grabbed
            case "downloadFolderImported"?: .imported
            case "downloadFailed"?: .failed
            default: nil
            }
            guard let kind, let date = record.date.flatMap(Self.date) else { return nil }
            let source = record.data?["releaseSource"].flatMap { $0 }
            return ArrHistoryEvent(instance: instance.name, kind: kind, downloadId: record.downloadId, mediaId: record.movieId ?? record.seriesId,
                                   episodeId: record.episodeId, sourceTitle: record.sourceTitle ?? "", date: date,
                                   interactive: source?.caseInsensitiveCompare("InteractiveSearch") == .orderedSame)
        }
    }

    public func arrRedownloadPolicy(_ instance: ServiceInstance) async throws -> ArrRedownloadPolicy {
        let config = try await ServarrClient(transport: transport, instance: instance).config("downloadclient")
        return ArrRedownloadPolicy(automatic: config["autoRedownloadFailed"]?.boolValue ?? false,
                                   fromInteractiveSearch: config["autoRedownloadFailedFromInteractiveSearch"]?.boolValue ?? false)
    }

    /// The *arrs' dates: ISO 8601, with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    public func perform(_ strategy: RecoveryStrategy, item: DownloadItem?, arr: ArrQueueItem?, removeFromClient: Bool) async throws -> RecoveryOutcome {
        switch strategy {
        case .retryAtClient:
            guard let item else { throw IntegrationError(.rejected, instance: arr?.instance ?? "", "no client job to retry") }
            let client = try await instance(item.instance)
            switch client.kind {
            case .sabnzbd:
                _ = try await SABnzbdClient(transport: transport, instance: client).retry(item.downloadId)
            case .nzbget:
                guard let id = Int(item.downloadId) else { throw IntegrationError(.rejected, instance: client.name, "not an NZBGet id: \(item.downloadId)") }
                try await NZBGetClient(transport: transport, instance: client).edit(.historyRedownload, ids: [id])
            default:
                throw IntegrationError(.rejected, instance: client.name, "\(client.kind.rawValue) has no retry; reannounce or recheck instead")
            }
            return RecoveryOutcome("retried \(item.title) in \(client.name)")
        case .reannounce, .recheck:
            guard let item else { throw IntegrationError(.rejected, instance: arr?.instance ?? "", "no torrent to \(strategy.rawValue)") }
            let client = try await instance(item.instance)
            let hash = item.downloadId.lowercased()
            switch (client.kind, strategy) {
            case (.qbittorrent, .reannounce): try await QBittorrentClient(transport: transport, instance: client).reannounce([hash])
            case (.qbittorrent, _): try await QBittorrentClient(transport: transport, instance: client).recheck([hash])
            case (.transmission, .reannounce): try await TransmissionClient(transport: transport, instance: client).reannounce([hash])
            case (.transmission, _): try await TransmissionClient(transport: transport, instance: client).verify([hash])
            default: throw IntegrationError(.rejected, instance: client.name, "\(client.kind.rawValue) is not a torrent client")
            }
            return RecoveryOutcome("\(strategy == .reannounce ? "reannounced" : "rechecked") \(item.title) in \(client.name)")
        case .blocklistAndSearch:
            guard let arr else { throw IntegrationError(.rejected, instance: item?.instance ?? "", "no *arr record to blocklist") }
            guard let target = arr.target else { throw IntegrationError(.rejected, instance: arr.instance, "\(arr.title) is for no movie or series to search for") }
            let service = try await instance(arr.instance)
            try await Self.blocklistAndSearch(arr, target: target, in: ServarrClient(transport: transport, instance: service), kind: service.kind,
                                              removeFromClient: removeFromClient)
            return RecoveryOutcome("blocklisted \(arr.title) in \(arr.instance) and asked it to search for another release\(removeFromClient ? "" : " (the torrent keeps seeding)")")
        case .search:
            guard let arr, let target = arr.target else { throw IntegrationError(.rejected, instance: item?.instance ?? "", "no *arr item to search for") }
            let service = try await instance(arr.instance)
            _ = try await ServarrClient(transport: transport, instance: service).command(.search(target, kind: service.kind))
            return RecoveryOutcome("asked \(arr.instance) to search again for \(arr.title)")
        case .manualImport:
            guard let arr, let target = arr.target, let downloadId = arr.downloadId else {
                throw IntegrationError(.rejected, instance: item?.instance ?? "", "no *arr record to import")
            }
            return try await manualImport(arr, target: target, downloadId: downloadId)
        case .remove:
            guard let arr else { throw IntegrationError(.rejected, instance: item?.instance ?? "", "no *arr record to remove") }
            let client = ServarrClient(transport: transport, instance: try await instance(arr.instance))
            try await client.deleteQueueItem(arr.id, removeFromClient: removeFromClient, blocklist: false, skipRedownload: true)
            return RecoveryOutcome("removed \(arr.title) from \(arr.instance)\(removeFromClient ? " and its client" : "") without blocklisting it")
        case .qualityFallback:
            guard let arr, let mediaId = arr.mediaId else { throw IntegrationError(.rejected, instance: item?.instance ?? "", "no *arr item to fall back for") }
            let target = try await instance(arr.instance)
            let client = ServarrClient(transport: transport, instance: target)
            var media = try await client.media(id: mediaId)
            let profiles = try await ServarrMediaLibrary(transport: transport).qualityProfiles(in: target)
            guard let currentId = media["qualityProfileId"]?.intValue, let current = profiles.first(where: { $0.id == currentId }),
                  let top = current.resolutions.max() else {
                throw IntegrationError(.rejected, instance: target.name, "\(arr.title) has no quality profile to fall back from")
            }
            let lower: QualityProfileSummary
            if let wanted = fallbackProfiles[target.name] {
                guard let configured = profiles.first(where: { $0.name.caseInsensitiveCompare(wanted) == .orderedSame || String($0.id) == wanted }) else {
                    throw IntegrationError(.rejected, instance: target.name, "monitor.fallbackProfiles.\(target.name): \(target.name) has no quality profile \(wanted)")
                }
                if configured.id == current.id {
                    // On its fallback profile already: another release at that quality is all there is to try.
                    try await Self.blocklistAndSearch(arr, target: arr.target, in: client, kind: target.kind, removeFromClient: removeFromClient)
                    return RecoveryOutcome("\(arr.title) is on its fallback profile \(current.name) already; blocklisted this release and searched again")
                }
                lower = configured
            } else {
                // The profile whose best quality is the next resolution down, with its cutoff there if there is a choice.
                guard let next = profiles.filter({ ($0.resolutions.max() ?? 0) < top && !$0.resolutions.isEmpty })
                        .max(by: { ($0.resolutions.max() ?? 0, $0.cutoffResolution) < ($1.resolutions.max() ?? 0, $1.cutoffResolution) }) else {
                    throw IntegrationError(.rejected, instance: target.name, "no quality profile below \(current.name)")
                }
                lower = next
            }
            media["qualityProfileId"] = .number(Double(lower.id))
            _ = try await client.updateMedia(media)
            try await Self.blocklistAndSearch(arr, target: arr.target, in: client, kind: target.kind, removeFromClient: removeFromClient)
            let restore = ProfileRestore(instance: target.name, mediaId: mediaId, episodeId: target.kind == .sonarr ? arr.episodeId : nil, title: arr.title,
                                         originalProfileId: current.id, fallbackProfileId: lower.id)
            return RecoveryOutcome("switched \(arr.title) from \(current.name) to \(lower.name), blocklisted this release and searched again", restore: restore)
        case .notify:
            return RecoveryOutcome("told a person")
        case .pause, .resume, .removeJob:
            guard let item else { throw IntegrationError(.rejected, instance: arr?.instance ?? "", "no client job to \(strategy.rawValue)") }
            switch strategy {
            case .pause:
                try await pause(item)
                return RecoveryOutcome("paused \(item.title) in \(item.instance)")
            case .resume:
                try await resume(item)
                return RecoveryOutcome("resumed \(item.title) in \(item.instance)")
            default:
                try await remove(item, deleteData: true)
                return RecoveryOutcome("removed \(item.title) and its data from \(item.instance)")
            }
        }
    }

    /// Blocklists a queue record and searches for its item. The *arr would search by itself only with its
    /// redownload-failed setting on: that is skipped and the search sent here, so there is exactly one search either way.
    private static func blocklistAndSearch(_ arr: ArrQueueItem, target: ArrItemRef?, in client: ServarrClient, kind: ServiceKind,
                                           removeFromClient: Bool) async throws {
        try await client.deleteQueueItem(arr.id, removeFromClient: removeFromClient, blocklist: true, skipRedownload: true)
        if let target { _ = try await client.command(.search(target, kind: kind)) }
    }

    /// Imports a blocked download through the *arr's manual import, when its files fit the grab unambiguously: one
    /// video file for the movie, or one for each episode grabbed, with no permanent rejection.
    private func manualImport(_ arr: ArrQueueItem, target: ArrItemRef, downloadId: String) async throws -> RecoveryOutcome {
        let service = try await instance(arr.instance)
        let client = ServarrClient(transport: transport, instance: service)
        guard case .array(let candidates) = try await client.manualImportCandidates(downloadId: downloadId) else {
            throw IntegrationError(.badResponse, instance: service.name, "manualimport did not answer a list")
        }
        let radarr = service.kind == .radarr
        let fitting = candidates.filter { candidate in
            let permanent: Bool = if case .array(let rejections)? = candidate["rejections"] {
                rejections.contains { $0["type"]?.stringValue == "permanent" }
            } else { false }
            guard !permanent, candidate["path"]?.stringValue != nil else { return false }
            if radarr { return candidate["movie"]?["id"]?.intValue == target.mediaId }
            guard candidate["series"]?["id"]?.intValue == target.mediaId, case .array(let episodes)? = candidate["episodes"], !episodes.isEmpty else { return false }
            return episodes.allSatisfy { $0["id"]?.intValue.map(target.episodeIds.contains) == true }
        }
        let files: [JSONValue]
        if radarr {
            guard fitting.count == 1, let only = fitting.first else {
                throw IntegrationError(.rejected, instance: service.name, "\(fitting.count) files of \(arr.title) fit the movie; a person has to choose")
            }
            files = [Self.importFile(only, downloadId: downloadId, radarr: true)]
        } else {
            let byEpisode = Dictionary(grouping: fitting.flatMap { candidate in
                (candidate["episodes"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue }.map { ($0, candidate) }
            }, by: \.0)
            guard target.episodeIds.allSatisfy({ byEpisode[$0]?.count == 1 }) else {
                throw IntegrationError(.rejected, instance: service.name, "the files of \(arr.title) do not fit its episodes one to one; a person has to choose")
            }
            var seen = Set<String>()
            files = fitting.filter { seen.insert($0["path"]?.stringValue ?? "").inserted }.map { Self.importFile($0, downloadId: downloadId, radarr: false) }
        }
        _ = try await client.command(.manualImport(files: files))
        return RecoveryOutcome("asked \(arr.instance) to import \(files.count == 1 ? "the file" : "\(files.count) files") of \(arr.title)")
    }

    /// A `ManualImportReprocessResource` for the ManualImport command, from a candidate.
    private static func importFile(_ candidate: JSONValue, downloadId: String, radarr: Bool) -> JSONValue {
        var file: JSONValue = ["path": candidate["path"] ?? .null, "downloadId": .string(downloadId)]
        for key in ["quality", "languages", "releaseGroup", "indexerFlags"] { if let value = candidate[key] { file[key] = value } }
        if radarr {
            file["movieId"] = candidate["movie"]?["id"] ?? .null
        } else {
            file["seriesId"] = candidate["series"]?["id"] ?? .null
            file["episodeIds"] = .array((candidate["episodes"]?.arrayValue ?? []).compactMap { $0["id"] })
            if let season = candidate["seasonNumber"] { file["seasonNumber"] = season }
        }
        return file
    }

    public func restoreProfile(_ restore: ProfileRestore) async throws -> String? {
        let target = try await instance(restore.instance)
        let client = ServarrClient(transport: transport, instance: target)
        var media = try await client.media(id: restore.mediaId)
        let imported = if let episodeId = restore.episodeId {
            try await client.episode(id: episodeId)["hasFile"]?.boolValue ?? false
        } else {
            media["hasFile"]?.boolValue ?? ((media["statistics"]?["episodeFileCount"]?.intValue ?? 0) > 0)
        }
        guard imported else { return nil }
        // A person who changed the profile since has the last word.
        guard media["qualityProfileId"]?.intValue == restore.fallbackProfileId, media.objectValue != nil else {
            return "imported; its quality profile was changed by someone else since, so it stays"
        }
        media["qualityProfileId"] = .number(Double(restore.originalProfileId))
        _ = try await client.updateMedia(media)
        return "imported at the fallback quality; switched back to its original quality profile, so an upgrade can follow"
    }
}

extension DownloadGateway: DownloadControls {
    public func pause(_ item: DownloadItem) async throws { try await control(item, pause: true) }
    public func resume(_ item: DownloadItem) async throws { try await control(item, pause: false) }

    private func control(_ item: DownloadItem, pause: Bool) async throws {
        let client = try await instance(item.instance)
        switch client.kind {
        case .sabnzbd:
            let sab = SABnzbdClient(transport: transport, instance: client)
            if pause { try await sab.pause(item.downloadId) } else { try await sab.resume(item.downloadId) }
        case .nzbget:
            guard let id = Int(item.downloadId) else { throw IntegrationError(.rejected, instance: client.name, "not an NZBGet id: \(item.downloadId)") }
            try await NZBGetClient(transport: transport, instance: client).edit(pause ? .groupPause : .groupResume, ids: [id])
        case .qbittorrent:
            let qbit = QBittorrentClient(transport: transport, instance: client)
            if pause { try await qbit.pause([item.downloadId.lowercased()]) } else { try await qbit.resume([item.downloadId.lowercased()]) }
        case .transmission:
            let transmission = TransmissionClient(transport: transport, instance: client)
            if pause { try await transmission.stop([item.downloadId.lowercased()]) } else { try await transmission.start([item.downloadId.lowercased()]) }
        default:
            throw IntegrationError(.rejected, instance: client.name, "\(client.kind.rawValue) is not a download client")
        }
    }

    public func remove(_ item: DownloadItem, deleteData: Bool) async throws {
        let client = try await instance(item.instance)
        switch client.kind {
        case .sabnzbd:
            let sab = SABnzbdClient(transport: transport, instance: client)
            if item.state == .completed || item.state == .failed || item.state == .removed {
                try await sab.deleteFromHistory(item.downloadId, deleteFiles: deleteData)
            } else {
                try await sab.deleteFromQueue(item.downloadId, deleteFiles: deleteData)
            }
        case .nzbget:
            guard let id = Int(item.downloadId) else { throw IntegrationError(.rejected, instance: client.name, "not an NZBGet id: \(item.downloadId)") }
            let finished = item.state == .completed || item.state == .failed || item.state == .removed
            try await NZBGetClient(transport: transport, instance: client).edit(finished ? .historyDelete : .groupDelete, ids: [id])
        case .qbittorrent:
            try await QBittorrentClient(transport: transport, instance: client).delete([item.downloadId.lowercased()], deleteFiles: deleteData)
        case .transmission:
            try await TransmissionClient(transport: transport, instance: client).remove([item.downloadId.lowercased()], deleteData: deleteData)
        default:
            throw IntegrationError(.rejected, instance: client.name, "\(client.kind.rawValue) is not a download client")
        }
    }
}
