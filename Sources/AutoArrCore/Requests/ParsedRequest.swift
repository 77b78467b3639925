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

    /// Every key, nulls included, as `autoarr parse --json` prints it.
    public var json: JSONValue {
        func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return [
            "type": type.map { .string($0.rawValue) } ?? .null, "title": title.map(JSONValue.string) ?? .null, "year": number(year),
            "season": number(season), "episode": number(episode), "quality": quality.map { .string($0.rawValue) } ?? .null,
            "latestSeason": .bool(latestSeason), "confidence": .number((confidence * 100).rounded() / 100),
            "provider": .string(interpretedBy ?? "rules"),
        ]
    }
}

/// Why a request could not be parsed.
public struct RequestParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}
