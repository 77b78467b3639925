import Foundation

/// A title a lookup found: what a person chooses from.
public struct MediaCandidate: Sendable, Codable, Equatable {
    /// "tmdb:603" for movies, "tvdb:81189" for series.
    public var id: String
    public var type: ParsedRequest.MediaType
    /// The *arr instance that found it and would add it.
    public var instance: String
    public var title: String
    public var year: Int?
    public var overview: String?
    public var posterURL: String?
    /// A movie's studio or a series' network.
    public var company: String?
    public var tmdbId: Int?
    public var tvdbId: Int?
    public var imdbId: String?
    public var popularity: Double
    /// The series' season numbers, for monitoring the ones asked for.
    public var seasons: [Int]
    /// The id in the *arr when it is already in the library.
    public var libraryId: Int?
    public var hasFile: Bool?
    /// How well it matches the request, 0…1.5, set by `CandidateRanker`.
    public var score: Double
    /// The quality profile it has in the library, when it is there.
    public var qualityProfileId: Int?

    public init(id: String, type: ParsedRequest.MediaType, instance: String, title: String, year: Int? = nil, overview: String? = nil,
                posterURL: String? = nil, company: String? = nil, tmdbId: Int? = nil, tvdbId: Int? = nil, imdbId: String? = nil,
                popularity: Double = 0, seasons: [Int] = [], libraryId: Int? = nil, hasFile: Bool? = nil, score: Double = 0, qualityProfileId: Int? = nil) {
        self.qualityProfileId = qualityProfileId
        self.id = id
        self.type = type
        self.instance = instance
        self.title = title
        self.year = year
        self.overview = overview
        self.posterURL = posterURL
        self.company = company
        self.tmdbId = tmdbId
        self.tvdbId = tvdbId
        self.imdbId = imdbId
        self.popularity = popularity
        self.seasons = seasons
        self.libraryId = libraryId
        self.hasFile = hasFile
        self.score = score
    }
}

/// A plain-language request and where it got to.
public struct ContentRequest: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case parsed, awaitingChoice = "awaiting_choice", added, searching, downloading, available, failed, cancelled

        /// Statuses the tracker still follows.
        public var isTracked: Bool { [.added, .searching, .downloading].contains(self) }
    }

    public var id: Int64
    public var correlationId: String
    public var query: String
    public var parsed: ParsedRequest
    public var status: Status
    public var instance: String?
    public var candidates: [MediaCandidate]
    public var chosen: MediaCandidate?
    /// The series or movie id in the *arr, once added (or found in the library).
    public var mediaId: Int?
    public var qualityProfileId: Int?
    public var rootFolderPath: String?
    /// What went wrong, in the service's words, for `failed`.
    public var error: String?
    /// What AutoArr asks of a person about it: "did you mean …?", or an upgrade to confirm.
    public var note: String?
    /// A quality profile to switch an existing title to when the request is confirmed (it asked for a quality its
    /// profile does not reach).
    public var upgradeProfileId: Int?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64 = 0, correlationId: String = Event.newCorrelationId(), query: String, parsed: ParsedRequest, status: Status,
                instance: String? = nil, candidates: [MediaCandidate] = [], chosen: MediaCandidate? = nil, mediaId: Int? = nil,
                qualityProfileId: Int? = nil, rootFolderPath: String? = nil, error: String? = nil, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.id = id
        self.correlationId = correlationId
        self.query = query
        self.parsed = parsed
        self.status = status
        self.instance = instance
        self.candidates = candidates
        self.chosen = chosen
        self.mediaId = mediaId
        self.qualityProfileId = qualityProfileId
        self.rootFolderPath = rootFolderPath
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where requests are kept.
public protocol ContentRequestStore: Sendable {
    /// Inserts (id 0) or updates a request; returns it with its id.
    func save(_ request: ContentRequest) async throws -> ContentRequest
    func request(id: Int64) async throws -> ContentRequest?
    /// Newest first, `limit` after the cursor (an id), optionally of some statuses.
    func requests(statuses: [ContentRequest.Status], before cursor: Int64?, limit: Int) async throws -> [ContentRequest]
}
