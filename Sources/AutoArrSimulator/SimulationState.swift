import AutoArrCore
import Foundation

/// A series or movie in a simulated *arr's library.
struct SimMedia: Sendable {
    var id: Int
    var title: CatalogueTitle
    var qualityProfileId: Int
    var rootFolderPath: String
    var monitored: Bool
    var added: Date
    var tags: [Int] = []
    var seasonFolder = true
    var seriesType = "standard"
    var minimumAvailability = "released"
    /// A movie's file quality; series keep theirs per episode.
    var fileQuality: Int?

    var folder: String { title.kind == .movie ? "\(title.title) (\(title.year))" : title.title }
    var path: String { rootFolderPath.hasSuffix("/") ? rootFolderPath + folder : "\(rootFolderPath)/\(folder)" }
}

struct SimEpisode: Sendable {
    var id: Int
    var seriesId: Int
    var season: Int
    var number: Int
    var monitored: Bool
    var airDate: Date
    var fileQuality: Int?
}

/// What the *arr thinks of a download it grabbed.
enum TrackedState: Sendable, Equatable {
    case downloading
    case importBlocked([String])
    case failedPending(String)
    case failed(String)
}

/// A grab: the *arr side of one download client job.
struct SimDownload: Sendable {
    var downloadId: String
    var mediaId: Int
    var episodeIds: [Int]
    /// One queue record per episode (Sonarr), or one (Radarr).
    var queueIds: [Int]
    var release: String
    var quality: Int
    var size: Int64
    var indexer: String
    var added: Date
    var state: TrackedState = .downloading
    /// Held by a real download client outside the simulation (tests with real daemons): the *arr only tracks it.
    var external = false
    /// How it was found, as the *arr's history says: `Search`, or `InteractiveSearch` for a release a person picked.
    var releaseSource = "Search"
}

struct SimHistoryEvent: Sendable {
    enum Kind: Int, Sendable { case grabbed = 1, downloadFolderImported = 3, downloadFailed = 4 }
    var id: Int
    var kind: Kind
    var mediaId: Int
    var episodeId: Int?
    var sourceTitle: String
    var quality: Int
    var date: Date
    var downloadId: String?
    var data: [String: String]
}

struct SimBlocklistEntry: Sendable {
    var id: Int
    var mediaId: Int
    var episodeIds: [Int]
    var sourceTitle: String
    var quality: Int
    var date: Date
    var indexer: String
    var message: String
}

struct SimCommand: Sendable {
    var id: Int
    var name: String
    var body: JSONValue
    var queued: Date
    var status = "started"
    var message: String?
    var ended: Date?
}

/// One simulated Sonarr or Radarr.
struct ServarrState: Sendable {
    var flavor: ServarrFlavor
    var started: Date
    var media: [Int: SimMedia] = [:]
    var episodes: [Int: SimEpisode] = [:]
    var downloads: [SimDownload] = []
    var history: [SimHistoryEvent] = []
    var blocklist: [SimBlocklistEntry] = []
    var commands: [Int: SimCommand] = [:]
    var profiles = SimProfile.defaults
    var tags: [(id: Int, label: String)] = [(1, "4k"), (2, "kids")]
    var rootFolders: [(id: Int, path: String, freeSpace: Int64)]
    var indexers: [(id: Int, name: String, enabled: Bool)] = [(1, "NZBgeek", true), (2, "DrunkenSlug", true)]
    /// Health checks the simulation reports besides the ones it derives.
    var extraHealth: [(source: String, type: String, message: String)] = []
    var mediaManagement: JSONValue
    var naming: JSONValue
    var downloadClientConfig: JSONValue
    var downloadClient: JSONValue
    private var nextId: [String: Int] = [:]

    init(flavor: ServarrFlavor, started: Date, sabPort: Int, sabKey: String) {
        self.flavor = flavor
        self.started = started
        rootFolders = [(1, flavor.rootFolder, 3_512_000_000_000)]
        mediaManagement = ServarrDefaults.mediaManagement(flavor)
        naming = ServarrDefaults.naming(flavor)
        downloadClientConfig = ServarrDefaults.downloadClientConfig(flavor)
        downloadClient = ServarrDefaults.downloadClient(flavor, port: sabPort, apiKey: sabKey)
    }

    /// The next id of a kind: `media`, `episode`, `queue`, `history`, `blocklist`, `command`.
    mutating func next(_ kind: String) -> Int {
        let id = (nextId[kind] ?? (kind == "queue" ? 1000 : 1))
        nextId[kind] = id + 1
        return id
    }

    func download(queueId: Int) -> SimDownload? { downloads.first { $0.queueIds.contains(queueId) } }

    func isGrabbed(mediaId: Int, episodeId: Int?) -> Bool {
        downloads.contains { $0.mediaId == mediaId && (episodeId.map($0.episodeIds.contains) ?? true) && !$0.isFinished }
    }

    func profile(_ id: Int) -> SimProfile? { profiles.first { $0.id == id } }

    var removesCompleted: Bool { downloadClient["removeCompletedDownloads"]?.boolValue ?? true }
    var removesFailed: Bool { downloadClient["removeFailedDownloads"]?.boolValue ?? true }
    var redownloadsFailed: Bool { downloadClientConfig["autoRedownloadFailed"]?.boolValue ?? true }
    var redownloadsFailedInteractive: Bool { downloadClientConfig["autoRedownloadFailedFromInteractiveSearch"]?.boolValue ?? true }

    /// Whether the *arr searches again by itself after this download failed.
    func redownloads(_ download: SimDownload) -> Bool {
        redownloadsFailed && (download.releaseSource != "InteractiveSearch" || redownloadsFailedInteractive)
    }
}

extension SimDownload {
    var isFinished: Bool { if case .failed = state { return true } else { return false } }
}

/// A job in the simulated SABnzbd.
struct SABJob: Sendable {
    var nzoId: String
    var name: String
    var category: String
    var totalBytes: Int64
    var doneBytes: Int64 = 0
    var paused = false
    var stalled = false
    var fault: DownloadFault?
    var added: Date

    var percent: Int { totalBytes == 0 ? 0 : Int(doneBytes * 100 / totalBytes) }
}

struct SABHistoryEntry: Sendable {
    var id: Int
    var job: SABJob
    var failMessage: String?
    var completed: Date
    var downloadSeconds: Int
}

/// The simulated SABnzbd.
struct SABState: Sendable {
    var paused = false
    var queue: [SABJob] = []
    var history: [SABHistoryEntry] = []
    var warnings: [(type: String, text: String, time: Date)] = []
    var config: JSONValue
    var nextHistoryId = 1
    /// Simulated line speed.
    var bytesPerSecond: Int64 = 40_000_000
}

/// The simulated Plex Media Server.
struct PlexState: Sendable {
    struct Section: Sendable {
        var key: String
        var type: String
        var title: String
        var path: String
        var items: [CatalogueTitle] = []
        var scannedAt: Date?
    }
    var machineIdentifier: String
    var sections: [Section] = [
        .init(key: "1", type: "movie", title: "Movies", path: "/data/media/movies"),
        .init(key: "2", type: "show", title: "TV Shows", path: "/data/media/tv"),
    ]
    var preferences: [(id: String, value: JSONValue, type: String, label: String)] = PlexDefaults.preferences
    var sessions: [(title: String, type: String, user: String)] = []
}
