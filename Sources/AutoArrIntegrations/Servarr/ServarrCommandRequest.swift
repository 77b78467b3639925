import AutoArrCore

/// The commands AutoArr sends to `POST /api/v3/command`: the name is the C# class name minus "Command".
enum ServarrCommandRequest: Sendable, Equatable {
    case episodeSearch(episodeIds: [Int])
    case seasonSearch(seriesId: Int, seasonNumber: Int)
    case seriesSearch(seriesId: Int)
    case missingEpisodeSearch
    case moviesSearch(movieIds: [Int])
    case missingMoviesSearch
    case refreshMonitoredDownloads
    /// Imports these files (`ManualImportReprocessResource`s), moving or hard-linking as the *arr's settings say.
    case manualImport(files: [JSONValue])

    var body: [String: JSONValue] {
        func ids(_ values: [Int]) -> JSONValue { .array(values.map { .number(Double($0)) }) }
        switch self {
        case .episodeSearch(let episodeIds): return ["name": "EpisodeSearch", "episodeIds": ids(episodeIds)]
        case .seasonSearch(let seriesId, let season):
            return ["name": "SeasonSearch", "seriesId": .number(Double(seriesId)), "seasonNumber": .number(Double(season))]
        case .seriesSearch(let seriesId): return ["name": "SeriesSearch", "seriesId": .number(Double(seriesId))]
        case .missingEpisodeSearch: return ["name": "MissingEpisodeSearch"]
        case .moviesSearch(let movieIds): return ["name": "MoviesSearch", "movieIds": ids(movieIds)]
        case .missingMoviesSearch: return ["name": "MissingMoviesSearch"]
        case .refreshMonitoredDownloads: return ["name": "RefreshMonitoredDownloads"]
        case .manualImport(let files): return ["name": "ManualImport", "files": .array(files), "importMode": "auto"]
        }
    }
}

extension ServarrCommandRequest {
    /// The search for a movie, for the episodes of a download, or for a whole series.
    static func search(_ target: ArrItemRef, kind: ServiceKind) -> ServarrCommandRequest {
        if kind == .radarr { return .moviesSearch(movieIds: [target.mediaId]) }
        return target.episodeIds.isEmpty ? .seriesSearch(seriesId: target.mediaId) : .episodeSearch(episodeIds: target.episodeIds)
    }
}
