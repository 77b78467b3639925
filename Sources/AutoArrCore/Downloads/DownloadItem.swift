/// One job in a download client's queue or history, in AutoArr's own terms.
///
/// Each client's gateway maps its wire records here; `clientStatus` keeps the client's own words for the
/// failure classifier, which reads structured fields first.
public struct DownloadItem: Sendable, Equatable {
    /// Where a job is, across every kind of client.
    public enum State: String, Sendable, Codable {
        case queued, downloading, paused, postProcessing, completed, failed, removed
    }

    /// The client instance's name.
    public var instance: String
    /// The id the *arrs know it by: SABnzbd's nzo_id, NZBGet's NZBID, or an upper-case torrent hash.
    public var downloadId: String
    public var title: String
    public var category: String?
    public var state: State
    /// 0 to 1.
    public var progress: Double
    public var sizeBytes: Int64?
    public var remainingBytes: Int64?
    /// The client's status words, e.g. `FAILURE/HEALTH` or `Failed`.
    public var clientStatus: String
    /// The client's failure message, when it gave one.
    public var failureMessage: String?
    /// The client's structured fields the failure classifier reads first.
    public var signals = DownloadSignals()

    public init(
        instance: String, downloadId: String, title: String, category: String?, state: State, progress: Double,
        sizeBytes: Int64?, remainingBytes: Int64?, clientStatus: String, failureMessage: String? = nil
    ) {
        self.instance = instance
        self.downloadId = downloadId
        self.title = title
        self.category = category
        self.state = state
        self.progress = progress
        self.sizeBytes = sizeBytes
        self.remainingBytes = remainingBytes
        self.clientStatus = clientStatus
        self.failureMessage = failureMessage
    }
}

/// What a client reports about a job beyond its state: the structured fields failures are classified by.
public struct DownloadSignals: Sendable, Equatable {
    /// `usenet` or `torrent`, from the kind of client.
    public var protocolName: String?
    /// NZBGet's history fields: `Status` (`FAILURE/HEALTH`), `ParStatus`, `UnpackStatus`, `MoveStatus`, `DeleteStatus`.
    public var nzbgetStatus: String?
    public var parStatus: String?
    public var unpackStatus: String?
    public var moveStatus: String?
    public var deleteStatus: String?
    /// SABnzbd's `stage_log`, one "Stage: action" line each.
    public var stageLog: [String] = []
    /// A torrent client's state word (qBittorrent's `metaDL`, `stalledDL`, …).
    public var torrentState: String?
    /// The tracker's complaint, when it has one.
    public var trackerMessage: String?
    public var isPrivate: Bool?
    /// False while a magnet still waits for its metadata.
    public var hasMetadata: Bool?
    /// Bytes per second now.
    public var downloadSpeed: Int64?
    /// Client tags or labels (a "keep" tag protects the job).
    public var tags: [String] = []

    public init() {}
}
