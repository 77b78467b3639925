/// What requests need from a Sonarr or Radarr instance. The integrations implement it over the real clients.
public protocol MediaLibrary: Sendable {
    /// Series (Sonarr) or movies (Radarr) matching the term, marked when already in the library.
    func lookup(_ term: String, in instance: ServiceInstance) async throws -> [MediaCandidate]
    func qualityProfiles(in instance: ServiceInstance) async throws -> [QualityProfileSummary]
    func rootFolders(in instance: ServiceInstance) async throws -> [RootFolderSummary]
    /// Adds the candidate, searching on add. - Returns: its id in the *arr.
    func add(_ candidate: MediaCandidate, options: AddMediaOptions, in instance: ServiceInstance) async throws -> Int
    /// Whether the files are there (of the seasons given, for a series) and whether a download is under way.
    func progress(mediaId: Int, seasons: [Int]?, in instance: ServiceInstance) async throws -> MediaProgress
    /// Searches for what is missing (the seasons given, or all).
    func search(mediaId: Int, seasons: [Int]?, in instance: ServiceInstance) async throws
    func remove(mediaId: Int, in instance: ServiceInstance) async throws
    /// Switches an item in the library to another quality profile.
    func setQualityProfile(mediaId: Int, profileId: Int, in instance: ServiceInstance) async throws
}

public struct QualityProfileSummary: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    /// The resolutions the profile allows (480, 720, 1080, 2160).
    public var resolutions: [Int]
    public var cutoffResolution: Int

    public init(id: Int, name: String, resolutions: [Int], cutoffResolution: Int) {
        self.id = id
        self.name = name
        self.resolutions = resolutions
        self.cutoffResolution = cutoffResolution
    }
}

public struct RootFolderSummary: Sendable, Equatable, Codable {
    public var path: String
    public var freeSpace: Int64
    public var accessible: Bool

    public init(path: String, freeSpace: Int64, accessible: Bool) {
        self.path = path
        self.freeSpace = freeSpace
        self.accessible = accessible
    }
}

public struct AddMediaOptions: Sendable, Equatable {
    public var qualityProfileId: Int
    public var rootFolderPath: String
    /// The seasons to monitor; nil monitors all.
    public var seasons: [Int]?
    /// Radarr's `minimumAvailability`.
    public var minimumAvailability: String
    /// Tag labels to put on the item (created when missing).
    public var tags: [String]

    public init(qualityProfileId: Int, rootFolderPath: String, seasons: [Int]? = nil, minimumAvailability: String = "released", tags: [String] = ["autoarr"]) {
        self.qualityProfileId = qualityProfileId
        self.rootFolderPath = rootFolderPath
        self.seasons = seasons
        self.minimumAvailability = minimumAvailability
        self.tags = tags
    }
}

public struct MediaProgress: Sendable, Equatable {
    public var available: Bool
    public var downloading: Bool
    public var downloadIds: [String]

    public init(available: Bool, downloading: Bool, downloadIds: [String] = []) {
        self.available = available
        self.downloading = downloading
        self.downloadIds = downloadIds
    }
}
