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

/// Whether an *arr searches again by itself after it marks a download failed (`/config/downloadclient`).
public struct ArrRedownloadPolicy: Sendable, Equatable {
    /// `autoRedownloadFailed`.
    public var automatic: Bool
    /// `autoRedownloadFailedFromInteractiveSearch`: the same, for releases a person picked by hand.
    public var fromInteractiveSearch: Bool

    public init(automatic: Bool, fromInteractiveSearch: Bool) {
        self.automatic = automatic
        self.fromInteractiveSearch = fromInteractiveSearch
    }

    /// Whether the *arr redownloads a failed release grabbed this way.
    public func redownloads(interactive: Bool) -> Bool { automatic && (!interactive || fromInteractiveSearch) }
}

/// The *arr item a download was for: what a search looks for again, and what a later grab or import is matched to.
public struct ArrItemRef: Sendable, Equatable, Codable {
    /// The *arr instance's name.
    public var instance: String
    /// Radarr's movie id or Sonarr's series id.
    public var mediaId: Int
    /// Sonarr's episodes in the download (a season pack has several); empty for a movie.
    public var episodeIds: [Int]

    public init(instance: String, mediaId: Int, episodeIds: [Int]) {
        self.instance = instance
        self.mediaId = mediaId
        self.episodeIds = episodeIds
    }

    /// Whether a history event is about this item (the same movie, or one of these episodes).
    public func matches(_ event: ArrHistoryEvent) -> Bool {
        guard event.instance == instance else { return false }
        if episodeIds.isEmpty { return event.mediaId == mediaId }
        return event.episodeId.map(episodeIds.contains) ?? false
    }

    /// Whether a queue record is for this item.
    public func matches(_ record: ArrQueueItem) -> Bool {
        guard record.instance == instance, record.mediaId == mediaId else { return false }
        return episodeIds.isEmpty || !Set(record.episodeIds).isDisjoint(with: episodeIds)
    }
}
