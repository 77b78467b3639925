/// What a plain-language request asks for. Fields the text does not state are nil: the parser never guesses.
public struct ParsedRequest: Sendable, Equatable, Codable {
    public enum MediaType: String, Sendable, Codable { case movie, tv }
    public enum Quality: String, Sendable, Codable, CaseIterable { case uhd = "2160p", fullHD = "1080p", hd = "720p", sd = "480p" }

    public var type: MediaType?
    public var title: String?
    public var year: Int?
    public var season: Int?
    public var episode: Int?
    public var quality: Quality?
    /// "the new season", "latest season": monitor the latest season (the number is not known yet).
    public var latestSeason: Bool
    /// Every season asked for when there are several ("seasons 1-3", "season 2 and 3"); `season` is the first.
    public var seasons: [Int] = []
    /// "all seasons of", "the complete series".
    public var allSeasons = false
    /// Every episode asked for when there are several ("S01E01E02"); `episode` is the first.
    public var episodes: [Int] = []
    /// "the newest episode of".
    public var latestEpisode = false
    /// 0…1: how sure the parser is (a language model may be asked when it is low).
    public var confidence: Double
    /// The language model provider that read it, when it was not the built-in parser.
    public var interpretedBy: String?

    public init(type: MediaType? = nil, title: String? = nil, year: Int? = nil, season: Int? = nil, episode: Int? = nil,
                quality: Quality? = nil, latestSeason: Bool = false, confidence: Double = 1) {
        self.type = type
        self.title = title
        self.year = year
        self.season = season
        self.episode = episode
        self.quality = quality
        self.latestSeason = latestSeason
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case type, title, year, season, episode, quality, latestSeason, seasons, allSeasons, episodes, latestEpisode, confidence, interpretedBy
    }

    /// Requests stored before the multi-season fields existed read as asking for none of them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(MediaType.self, forKey: .type)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        year = try container.decodeIfPresent(Int.self, forKey: .year)
        season = try container.decodeIfPresent(Int.self, forKey: .season)
        episode = try container.decodeIfPresent(Int.self, forKey: .episode)
        quality = try container.decodeIfPresent(Quality.self, forKey: .quality)
        latestSeason = try container.decodeIfPresent(Bool.self, forKey: .latestSeason) ?? false
        seasons = try container.decodeIfPresent([Int].self, forKey: .seasons) ?? []
        allSeasons = try container.decodeIfPresent(Bool.self, forKey: .allSeasons) ?? false
        episodes = try container.decodeIfPresent([Int].self, forKey: .episodes) ?? []
        latestEpisode = try container.decodeIfPresent(Bool.self, forKey: .latestEpisode) ?? false
        confidence = try container.decodeIfPresent(Double.self, forKey: .confidence) ?? 1
        interpretedBy = try container.decodeIfPresent(String.self, forKey: .interpretedBy)
    }

    /// The seasons asked for by number: several, or the one.
    public var seasonNumbers: [Int] { seasons.isEmpty ? season.map { [$0] } ?? [] : seasons }

    /// Every key, nulls included, as `autoarr parse --json` prints it.
    public var json: JSONValue {
        func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return [
            "type": type.map { .string($0.rawValue) } ?? .null, "title": title.map(JSONValue.string) ?? .null, "year": number(year),
            "season": number(season), "episode": number(episode), "quality": quality.map { .string($0.rawValue) } ?? .null,
            "latestSeason": .bool(latestSeason), "seasons": .array(seasons.map { .number(Double($0)) }), "allSeasons": .bool(allSeasons),
            "episodes": .array(episodes.map { .number(Double($0)) }), "latestEpisode": .bool(latestEpisode),
            "confidence": .number((confidence * 100).rounded() / 100),
            "provider": .string(interpretedBy ?? "rules"),
        ]
    }
}

/// Why a request could not be parsed.
public struct RequestParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}
