/// One record of a Sonarr or Radarr queue, in AutoArr's terms: what the *arr thinks of a download.
public struct ArrQueueItem: Sendable, Equatable {
    /// The *arr instance's name.
    public var instance: String
    /// The queue record id, used to delete it.
    public var id: Int
    /// Joins to the client's item: SABnzbd nzo_id, NZBGet id, or an upper-case torrent hash.
    public var downloadId: String?
    public var title: String
    /// `downloading`, `paused`, `completed`, `failed`, `warning`, `delay`, … as the *arr says.
    public var status: String
    /// `ok`, `warning` or `error`.
    public var trackedDownloadStatus: String?
    /// `downloading`, `importBlocked`, `importPending`, `importing`, `imported`, `failedPending`, `failed`, `ignored`.
    public var trackedDownloadState: String?
    /// The *arr's messages, e.g. "No files found are eligible for import".
    public var messages: [String]
    public var errorMessage: String?
    /// `usenet` or `torrent`.
    public var protocolName: String?
    /// The download client's name in the *arr.
    public var downloadClient: String?
    /// Sonarr's series or Radarr's movie id.
    public var mediaId: Int?
    /// Sonarr's episode id.
    public var episodeId: Int?
    /// Every episode the download holds: Sonarr lists a season pack once per episode, and the monitor joins them.
    public var episodeIds: [Int]
    public var sizeBytes: Int64?
    public var remainingBytes: Int64?

    public init(
        instance: String, id: Int, downloadId: String?, title: String, status: String, trackedDownloadStatus: String?,
        trackedDownloadState: String?, messages: [String], errorMessage: String?, protocolName: String?, downloadClient: String?,
        mediaId: Int?, episodeId: Int?, sizeBytes: Int64?, remainingBytes: Int64?
    ) {
        self.instance = instance
        self.id = id
        self.downloadId = downloadId
        self.title = title
        self.status = status
        self.trackedDownloadStatus = trackedDownloadStatus
        self.trackedDownloadState = trackedDownloadState
        self.messages = messages
        self.errorMessage = errorMessage
        self.protocolName = protocolName
        self.downloadClient = downloadClient
        self.mediaId = mediaId
        self.episodeId = episodeId
        self.episodeIds = episodeId.map { [$0] } ?? []
        self.sizeBytes = sizeBytes
        self.remainingBytes = remainingBytes
    }

    /// The *arr tracks the download as failed (`failed`, or `failedPending` before it acts).
    public var hasFailed: Bool { trackedDownloadState == "failed" || trackedDownloadState == "failedPending" }

    /// The movie or episodes it is a download of.
    public var target: ArrItemRef? { mediaId.map { ArrItemRef(instance: instance, mediaId: $0, episodeIds: episodeIds) } }
}
