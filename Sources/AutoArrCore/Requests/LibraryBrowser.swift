import Foundation

/// What is in Sonarr's and Radarr's libraries, what airs soon and what is still wanted. The integrations implement it.
public protocol LibraryBrowser: Sendable {
    /// Series or movies in the library whose title matches the term, with their file and quality status.
    func items(matching term: String, in instance: ServiceInstance) async throws -> [LibraryItem]
    /// Episodes (Sonarr) or movie releases (Radarr) between the two times.
    func calendar(from start: Date, to end: Date, in instance: ServiceInstance) async throws -> [CalendarEntry]
    /// Monitored items without a file (`missing`), or whose file is below the profile's cutoff (`cutoff`), up to `limit`.
    /// - Returns: them, and how many there are in all.
    func wanted(_ kind: WantedKind, limit: Int, in instance: ServiceInstance) async throws -> (entries: [WantedEntry], total: Int)
}

public enum WantedKind: String, Sendable, Codable, CaseIterable, InputChoice, OutputChoice {
    case missing, cutoff
}

/// A series or movie in a library.
public struct LibraryItem: Sendable, Equatable, Codable {
    public var instance: String
    /// `movie` or `series`.
    public var type: String
    public var id: Int
    public var title: String
    public var year: Int?
    public var monitored: Bool
    /// For a movie: whether its file is there. For a series: whether every monitored episode has one.
    public var hasFile: Bool
    /// The movie file's quality (`Bluray-1080p`).
    public var quality: String?
    /// Whether the file meets the profile's cutoff (a movie's, when it has one).
    public var cutoffMet: Bool?
    public var episodeFileCount: Int?
    public var episodeCount: Int?
    public var sizeOnDisk: Int64
    public var path: String?

    public init(instance: String, type: String, id: Int, title: String, year: Int?, monitored: Bool, hasFile: Bool, quality: String? = nil,
                cutoffMet: Bool? = nil, episodeFileCount: Int? = nil, episodeCount: Int? = nil, sizeOnDisk: Int64 = 0, path: String? = nil) {
        self.instance = instance
        self.type = type
        self.id = id
        self.title = title
        self.year = year
        self.monitored = monitored
        self.hasFile = hasFile
        self.quality = quality
        self.cutoffMet = cutoffMet
        self.episodeFileCount = episodeFileCount
        self.episodeCount = episodeCount
        self.sizeOnDisk = sizeOnDisk
        self.path = path
    }
}

/// An episode airing or a movie being released.
public struct CalendarEntry: Sendable, Equatable, Codable {
    public var instance: String
    /// The series or movie title.
    public var title: String
    public var season: Int?
    public var episode: Int?
    public var episodeTitle: String?
    /// For a movie: `inCinemas`, `digitalRelease` or `physicalRelease`.
    public var release: String?
    public var date: Date
    public var hasFile: Bool
    public var monitored: Bool

    public init(instance: String, title: String, season: Int? = nil, episode: Int? = nil, episodeTitle: String? = nil, release: String? = nil,
                date: Date, hasFile: Bool, monitored: Bool) {
        self.instance = instance
        self.title = title
        self.season = season
        self.episode = episode
        self.episodeTitle = episodeTitle
        self.release = release
        self.date = date
        self.hasFile = hasFile
        self.monitored = monitored
    }
}

/// A missing or cutoff-unmet episode or movie.
public struct WantedEntry: Sendable, Equatable, Codable {
    public var instance: String
    public var title: String
    public var season: Int?
    public var episode: Int?
    public var airDate: Date?
    /// The file's quality, for a cutoff-unmet item.
    public var quality: String?

    public init(instance: String, title: String, season: Int? = nil, episode: Int? = nil, airDate: Date? = nil, quality: String? = nil) {
        self.instance = instance
        self.title = title
        self.season = season
        self.episode = episode
        self.airDate = airDate
        self.quality = quality
    }
}
