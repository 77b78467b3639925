import AutoArrCore
import Foundation

/// The simulated stack's one state: Sonarr and Radarr libraries and queues, SABnzbd's jobs and Plex's libraries,
/// on a clock the caller advances. A grab creates a SABnzbd job; the job downloads as the clock runs, completes
/// or fails (as scripted), and the *arr imports it into its history.
public actor Simulation {
    public struct Keys: Sendable {
        public var sonarr, radarr, sabnzbd, plex: String

        public init(sonarr: String, radarr: String, sabnzbd: String, plex: String) {
            self.sonarr = sonarr
            self.radarr = radarr
            self.sabnzbd = sabnzbd
            self.plex = plex
        }

        /// 32 hex digits each, as the services generate.
        public static func random() -> Keys {
            func key() -> String { (0..<32).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined() }
            return Keys(sonarr: key(), radarr: key(), sabnzbd: key(), plex: String(key().prefix(20)))
        }
    }

    public nonisolated let catalogue: Catalogue
    public nonisolated let keys: Keys
    public private(set) var now: Date
    var sonarr: ServarrState
    var radarr: ServarrState
    var sab: SABState
    var plex: PlexState
    var httpFaults: [HTTPFault] = []
    var downloadFaults: [DownloadFaultRule] = []
    private var random: SeededRandom

    /// - Parameter sabPort: where the simulated SABnzbd listens, for the *arrs' download client settings.
    public init(catalogue: Catalogue = .bundled, keys: Keys = .random(), sabPort: Int = 8080, now: Date = Date(), seed: UInt64 = 42) {
        self.catalogue = catalogue
        self.keys = keys
        self.now = now
        random = SeededRandom(seed: seed)
        sonarr = ServarrState(flavor: .sonarr, started: now, sabPort: sabPort, sabKey: keys.sabnzbd)
        radarr = ServarrState(flavor: .radarr, started: now, sabPort: sabPort, sabKey: keys.sabnzbd)
        sab = SABState(config: SABnzbdDefaults.config(apiKey: keys.sabnzbd, port: sabPort))
        plex = PlexState(machineIdentifier: String(keys.plex.reversed()) + "0d1c")
    }

    subscript(flavor: ServarrFlavor) -> ServarrState {
        get { flavor == .sonarr ? sonarr : radarr }
        set { if flavor == .sonarr { sonarr = newValue } else { radarr = newValue } }
    }

    // MARK: Faults

    public func inject(_ fault: HTTPFault) { httpFaults.append(fault) }
    public func inject(_ rule: DownloadFaultRule) { downloadFaults.append(rule) }

    public func clearFaults() {
        httpFaults.removeAll()
        downloadFaults.removeAll()
    }

    /// The HTTP fault for this request, if one applies; it counts against the fault's budget.
    func takeFault(app: SimulatedApp, path: String) -> HTTPFault? {
        guard let index = httpFaults.firstIndex(where: { $0.app == app && ($0.path.map(path.hasPrefix) ?? true) }) else { return nil }
        let fault = httpFaults[index]
        if let count = fault.count {
            if count <= 1 { httpFaults.remove(at: index) } else { httpFaults[index].count = count - 1 }
        }
        return fault
    }

    func takeDownloadFault(release: String) -> DownloadFault? {
        guard let index = downloadFaults.firstIndex(where: { rule in
            rule.remaining > 0 && (rule.titleContains.map { release.localizedCaseInsensitiveContains($0) } ?? true)
        }) else { return nil }
        downloadFaults[index].remaining -= 1
        let fault = downloadFaults[index].fault
        if downloadFaults[index].remaining == 0 { downloadFaults.remove(at: index) }
        return fault
    }

    // MARK: Clock

    /// Moves the clock: downloads progress, complete or fail, and the *arrs import what completed.
    public func advance(by seconds: Double) {
        now += seconds
        advanceDownloads(seconds: seconds)
        for flavor in ServarrFlavor.allCases { process(flavor) }
    }

    private func advanceDownloads(seconds: Double) {
        guard !sab.paused else { return }
        var budget = Int64(Double(sab.bytesPerSecond) * seconds)
        var index = 0
        // SABnzbd downloads one job at a time, top of the queue first.
        while budget > 0, index < sab.queue.count {
            var job = sab.queue[index]
            guard !job.paused, !job.stalled else { index += 1; continue }
            let limit: Int64 = switch job.fault {
            case .fail(_, let percent)?, .stall(let percent)?: job.totalBytes * Int64(percent) / 100
            default: job.totalBytes
            }
            let step = min(budget, max(0, limit - job.doneBytes))
            job.doneBytes += step
            budget -= step
            if job.doneBytes >= limit {
                switch job.fault {
                case .fail(let message, _)?:
                    finish(job, failMessage: message)
                    sab.queue.remove(at: index)
                    continue
                case .stall?:
                    job.stalled = true
                default:
                    finish(job, failMessage: nil)
                    sab.queue.remove(at: index)
                    continue
                }
            }
            sab.queue[index] = job
            index += 1
        }
    }

    private func finish(_ job: SABJob, failMessage: String?) {
        let seconds = Int(now.timeIntervalSince(job.added))
        sab.history.insert(SABHistoryEntry(id: sab.nextHistoryId, job: job, failMessage: failMessage, completed: now, downloadSeconds: max(1, seconds)), at: 0)
        sab.nextHistoryId += 1
    }

    /// The *arr's completed/failed download handling for its tracked downloads.
    private func process(_ flavor: ServarrFlavor) {
        var state = self[flavor]
        for (id, command) in state.commands where command.status == "started" && command.queued < now {
            state.commands[id]?.status = "completed"
            state.commands[id]?.message = "Completed"
            state.commands[id]?.ended = now
        }
        var searches: [(Int, [Int])] = []
        state.downloads = state.downloads.compactMap { download -> SimDownload? in
            var download = download
            if download.external || sab.queue.contains(where: { $0.nzoId == download.downloadId }) { return download }
            guard let entry = sab.history.first(where: { $0.job.nzoId == download.downloadId }) else { return nil }  // removed in SABnzbd
            switch (download.state, entry.failMessage) {
            case (.downloading, let message?):
                download.state = .failedPending(message)
                return download
            case (.failedPending(let message), _):
                // As Sonarr's FailedDownloadService: the history event and the blocklist always; a new search only
                // when redownload-failed is on (RedownloadFailedDownloadService).
                markFailed(&state, download, message: message)
                if state.redownloads(download) { searches.append((download.mediaId, download.episodeIds)) }
                if state.removesFailed {
                    sab.history.removeAll { $0.job.nzoId == download.downloadId }
                    return nil
                }
                download.state = .failed(message)
                return download
            case (.downloading, nil):
                if case .importBlocked(let messages)? = entry.job.fault {
                    let path = "/data/downloads/complete/\(flavor.category)/\(download.release)"
                    download.state = .importBlocked(messages.map { $0.replacingOccurrences(of: "%path%", with: path) })
                    return download
                }
                importFiles(&state, download)
                if state.removesCompleted { sab.history.removeAll { $0.job.nzoId == download.downloadId } }
                return nil
            default:
                return download
            }
        }
        self[flavor] = state
        for (mediaId, episodeIds) in searches { search(flavor, mediaId: mediaId, episodeIds: episodeIds) }
    }

    func importFiles(_ state: inout ServarrState, _ download: SimDownload) {
        let path = "/data/downloads/complete/\(state.flavor.category)/\(download.release)"
        record(&state, .downloadFolderImported, download, data: ["droppedPath": path, "importedPath": state.media[download.mediaId]?.path ?? "",
                                                                 "downloadClient": "SABnzbd", "downloadClientName": "SABnzbd"])
        if state.flavor == .radarr {
            state.media[download.mediaId]?.fileQuality = download.quality
        } else {
            for id in download.episodeIds { state.episodes[id]?.fileQuality = download.quality }
        }
        if let media = state.media[download.mediaId] {
            let section = state.flavor == .radarr ? 0 : 1
            if !plex.sections[section].items.contains(media.title) { plex.sections[section].items.append(media.title) }
        }
    }

    func record(_ state: inout ServarrState, _ kind: SimHistoryEvent.Kind, _ download: SimDownload, data: [String: String]) {
        let episodes: [Int?] = download.episodeIds.isEmpty ? [nil] : download.episodeIds
        for episode in episodes {
            state.history.append(SimHistoryEvent(
                id: state.next("history"), kind: kind, mediaId: download.mediaId, episodeId: episode, sourceTitle: download.release,
                quality: download.quality, date: now, downloadId: download.downloadId, data: data))
        }
    }

    /// What the *arr does when it marks a download failed (FailedDownloadService): the `downloadFailed` history event
    /// and the blocklist entry. Whether it searches again is the caller's to decide (`ServarrState.redownloads`).
    func markFailed(_ state: inout ServarrState, _ download: SimDownload, message: String) {
        record(&state, .downloadFailed, download, data: ["message": message, "downloadClient": "SABnzbd", "downloadClientName": "SABnzbd",
                                                         "releaseSource": download.releaseSource])
        blocklist(&state, download, message: message)
    }

    func blocklist(_ state: inout ServarrState, _ download: SimDownload, message: String) {
        state.blocklist.append(SimBlocklistEntry(
            id: state.next("blocklist"), mediaId: download.mediaId, episodeIds: download.episodeIds, sourceTitle: download.release,
            quality: download.quality, date: now, indexer: download.indexer, message: message))
    }

    // MARK: Grabs

    private static let groups = ["FLUX", "NTb", "SPARKS", "HONE", "EDITH", "CAKES", "GGEZ", "playWEB"]

    /// Searches for a movie, or for episodes of a series (season packs where a whole season is wanted), and grabs
    /// the best release that is not blocklisted. - Returns: how many releases it grabbed.
    @discardableResult
    func search(_ flavor: ServarrFlavor, mediaId: Int, episodeIds: [Int]) -> Int {
        let state = self[flavor]
        guard let media = state.media[mediaId], let profile = state.profile(media.qualityProfileId) else { return 0 }
        if flavor == .radarr {
            return state.isGrabbed(mediaId: mediaId, episodeId: nil) ? 0 : grab(flavor, media: media, profile: profile, episodes: [])
        }
        let wanted = episodeIds.compactMap { state.episodes[$0] }.filter { !state.isGrabbed(mediaId: mediaId, episodeId: $0.id) }
        var grabbed = 0
        for (season, episodes) in Dictionary(grouping: wanted, by: \.season).sorted(by: { $0.key < $1.key }) {
            let all = state.episodes.values.filter { $0.seriesId == mediaId && $0.season == season }.count
            if episodes.count == all, all > 1 {
                grabbed += grab(flavor, media: media, profile: profile, episodes: episodes.sorted { $0.number < $1.number })
            } else {
                for episode in episodes.sorted(by: { $0.number < $1.number }) { grabbed += grab(flavor, media: media, profile: profile, episodes: [episode]) }
            }
        }
        return grabbed
    }

    private func grab(_ flavor: ServarrFlavor, media: SimMedia, profile: SimProfile, episodes: [SimEpisode]) -> Int {
        var state = self[flavor]
        let quality = profile.best(for: flavor)
        let base = Self.releaseBase(media.title, episodes: episodes, quality: quality)
        let blocked = Set(state.blocklist.map(\.sourceTitle))
        guard let release = Self.groups.lazy.map({ "\(base)-\($0)" }).first(where: { !blocked.contains($0) }) else { return 0 }
        let size = Self.size(of: media.title, quality: quality, episodes: max(1, episodes.count))
        let nzoId = "SABnzbd_nzo_" + random.token(8)
        var job = SABJob(nzoId: nzoId, name: release, category: flavor.category, totalBytes: size, added: now)
        job.fault = takeDownloadFault(release: release)
        sab.queue.append(job)
        let queueIds = episodes.isEmpty ? [state.next("queue")] : episodes.map { _ in state.next("queue") }
        let download = SimDownload(
            downloadId: nzoId, mediaId: media.id, episodeIds: episodes.map(\.id), queueIds: queueIds, release: release,
            quality: quality.id, size: size, indexer: state.indexers.first { $0.enabled }?.name ?? "NZBgeek", added: now)
        state.downloads.append(download)
        record(&state, .grabbed, download, data: ["indexer": download.indexer, "releaseGroup": String(release.split(separator: "-").last ?? ""),
                                                  "size": String(size), "downloadClient": "SABnzbd", "downloadClientName": "SABnzbd",
                                                  "protocol": "1", "releaseSource": download.releaseSource])
        self[flavor] = state
        return 1
    }

    /// "The.Matrix.1999.2160p.BluRay.x265", "Breaking.Bad.S02.1080p.WEB-DL.x264", "The.Bear.S01E03.720p.HDTV.x264".
    static func releaseBase(_ title: CatalogueTitle, episodes: [SimEpisode], quality: SimQuality) -> String {
        let name = Catalogue.words(title.title).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: ".")
        let codec = quality.resolution == 2160 ? "x265" : "x264"
        guard let first = episodes.first else { return "\(name).\(title.year).\(quality.releaseTag).\(codec)" }
        let season = String(format: "S%02d", first.season)
        let marker = episodes.count > 1 ? season : season + String(format: "E%02d", first.number)
        return "\(name).\(marker).\(quality.releaseTag).\(codec)"
    }

    static func size(of title: CatalogueTitle, quality: SimQuality, episodes: Int) -> Int64 {
        let perHour: Double = switch quality.resolution {
        case 2160: 12e9
        case 1080: 4.5e9
        case 720: 2.2e9
        default: 0.8e9
        }
        let minutes = Double(max(title.runtime, 20)) * Double(episodes)
        return Int64(perHour * minutes / 60)
    }
}

/// A small deterministic generator, so a seeded simulation gives the same ids every run.
struct SeededRandom: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func token(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789_")
        return String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }
}
