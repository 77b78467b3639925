import Foundation

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
