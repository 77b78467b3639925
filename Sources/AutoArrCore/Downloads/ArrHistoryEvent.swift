import Foundation

/// One entry of a Sonarr or Radarr history, in AutoArr's terms: what the *arr did with a download.
public struct ArrHistoryEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case grabbed, imported, failed }

    /// The *arr instance's name.
    public var instance: String
    public var kind: Kind
    public var downloadId: String?
    /// Radarr's movie id; Sonarr's series id.
    public var mediaId: Int?
    /// Sonarr's episode id.
    public var episodeId: Int?
    public var sourceTitle: String
    /// On the *arr's clock.
    public var date: Date
    /// The release was grabbed from an interactive search (the *arr's `releaseSource`), which has its own redownload switch.
    public var interactive = false

    public init(instance: String, kind: Kind, downloadId: String?, mediaId: Int?, episodeId: Int?, sourceTitle: String, date: Date, interactive: Bool = false) {
        self.instance = instance
        self.kind = kind
        self.downloadId = downloadId
        self.mediaId = mediaId
        self.episodeId = episodeId
        self.sourceTitle = sourceTitle
        self.date = date
        self.interactive = interactive
    }
}
