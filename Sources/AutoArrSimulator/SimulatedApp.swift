import AutoArrCore
import Foundation

/// The services the simulator stands in for.
public enum SimulatedApp: String, Sendable, CaseIterable, Codable {
    case sonarr, radarr, sabnzbd, plex
}

/// Sonarr or Radarr: the same Servarr core, with series or movies.
public enum ServarrFlavor: String, Sendable, CaseIterable {
    case sonarr, radarr

    var app: SimulatedApp { self == .sonarr ? .sonarr : .radarr }
    var appName: String { self == .sonarr ? "Sonarr" : "Radarr" }
    /// The versions of the official specs in ../shared/specs.
    var version: String { self == .sonarr ? "4.0.19.2979" : "6.0.3.10276" }
    var mediaPath: String { self == .sonarr ? "series" : "movie" }
    var kind: CatalogueTitle.Kind { self == .sonarr ? .series : .movie }
    var category: String { self == .sonarr ? "tv" : "movies" }
    var rootFolder: String { self == .sonarr ? "/data/media/tv" : "/data/media/movies" }
}

/// A release quality. Ids and names are the ones Sonarr and Radarr share.
struct SimQuality: Sendable {
    enum Source: Sendable { case television, web, dvd, bluray }
    var id: Int
    var name: String
    var source: Source
    var resolution: Int

    static let all: [SimQuality] = [
        .init(id: 1, name: "SDTV", source: .television, resolution: 480),
        .init(id: 8, name: "WEBDL-480p", source: .web, resolution: 480),
        .init(id: 2, name: "DVD", source: .dvd, resolution: 480),
        .init(id: 4, name: "HDTV-720p", source: .television, resolution: 720),
        .init(id: 5, name: "WEBDL-720p", source: .web, resolution: 720),
        .init(id: 6, name: "Bluray-720p", source: .bluray, resolution: 720),
        .init(id: 9, name: "HDTV-1080p", source: .television, resolution: 1080),
        .init(id: 3, name: "WEBDL-1080p", source: .web, resolution: 1080),
        .init(id: 7, name: "Bluray-1080p", source: .bluray, resolution: 1080),
        .init(id: 16, name: "HDTV-2160p", source: .television, resolution: 2160),
        .init(id: 18, name: "WEBDL-2160p", source: .web, resolution: 2160),
        .init(id: 19, name: "Bluray-2160p", source: .bluray, resolution: 2160),
    ]

    static func byId(_ id: Int) -> SimQuality { all.first { $0.id == id } ?? all[0] }

    /// How the quality appears in a release name.
    var releaseTag: String {
        let source = switch self.source {
        case .television: "HDTV"
        case .web: "WEB-DL"
        case .dvd: "DVDRip"
        case .bluray: "BluRay"
        }
        return resolution == 480 ? source : "\(resolution)p.\(source)"
    }
}

/// A quality profile: which qualities are allowed, and the cutoff.
struct SimProfile: Sendable {
    var id: Int
    var name: String
    var allowed: [Int]
    var cutoff: Int
    var upgradeAllowed = false

    /// The *arr defaults.
    static let defaults: [SimProfile] = [
        .init(id: 1, name: "Any", allowed: SimQuality.all.map(\.id), cutoff: 1),
        .init(id: 2, name: "SD", allowed: [1, 8, 2], cutoff: 1),
        .init(id: 3, name: "HD-720p", allowed: [4, 5, 6], cutoff: 4),
        .init(id: 4, name: "HD-1080p", allowed: [9, 3, 7], cutoff: 9),
        .init(id: 5, name: "Ultra-HD", allowed: [16, 18, 19], cutoff: 18),
        .init(id: 6, name: "HD - 720p/1080p", allowed: [4, 5, 6, 9, 3, 7], cutoff: 4),
    ]

    /// The quality a search grabs: the highest allowed resolution, Bluray for movies and WEB for series.
    func best(for flavor: ServarrFlavor) -> SimQuality {
        let qualities = allowed.map(SimQuality.byId)
        let top = qualities.map(\.resolution).max() ?? 480
        let preferred: SimQuality.Source = flavor == .radarr ? .bluray : .web
        let atTop = qualities.filter { $0.resolution == top }
        return atTop.first { $0.source == preferred } ?? atTop.last ?? SimQuality.all[0]
    }

    /// Whether a file of this quality meets the cutoff.
    func meetsCutoff(_ quality: Int) -> Bool {
        guard let at = allowed.firstIndex(of: quality), let cut = allowed.firstIndex(of: cutoff) else { return false }
        return at >= cut
    }
}

/// Building `JSONValue`s tersely.
extension JSONValue {
    static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
    static func int64(_ value: Int64) -> JSONValue { .number(Double(value)) }
    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func date(_ value: Date?) -> JSONValue { value.map { .string($0.formatted(.iso8601)) } ?? .null }
    static func ints(_ values: [Int]) -> JSONValue { .array(values.map(JSONValue.int)) }
}
