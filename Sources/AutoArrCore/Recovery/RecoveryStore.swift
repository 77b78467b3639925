import Foundation

/// One failed download, once per client instance and download id.
public struct FailureRecord: Sendable, Equatable {
    /// `waiting`: a step was taken (or the *arr took it) and nothing observable has followed yet; `resolved` only once
    /// something did: another release grabbed, the item imported, the job removed by a person.
    public enum Status: String, Sendable, Codable, OutputChoice { case open, waiting, resolved, gaveUp = "gave_up" }

    public var id: Int64
    public var instance: String
    public var downloadId: String
    public var title: String
    public var kind: FailureKind
    public var status: Status
    public var strikes: Int
    public var correlationId: String
    public var arrInstance: String?
    /// The *arr item it was a download of: `radarr:movie:12`, `sonarr:episode:345`.
    public var mediaKey: String?
    public var firstSeen: Date
    public var lastSeen: Date
    /// The movie or episodes it was a download of, to search for again and to match a later grab or import to.
    public var target: ArrItemRef?
    /// When it began waiting.
    public var waitingSince: Date?
    /// The *arr's clock at the failure (its last history entry then): grabs and imports after it are new.
    public var arrSince: Date?
    /// What it waits for, or what resolved it, in words.
    public var note: String?

    public init(id: Int64 = 0, instance: String, downloadId: String, title: String, kind: FailureKind, status: Status = .open, strikes: Int = 0,
                correlationId: String = Event.newCorrelationId(), arrInstance: String? = nil, mediaKey: String? = nil, firstSeen: Date, lastSeen: Date,
                target: ArrItemRef? = nil, arrSince: Date? = nil) {
        self.id = id
        self.instance = instance
        self.downloadId = downloadId
        self.title = title
        self.kind = kind
        self.status = status
        self.strikes = strikes
        self.correlationId = correlationId
        self.arrInstance = arrInstance
        self.mediaKey = mediaKey
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.target = target
        self.arrSince = arrSince
    }
}

/// One recovery step, the monitor's or a person's: written as `planned` before anything is sent, then `sent`, then
/// `done` or `failed`.
public struct AttemptRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, OutputChoice { case planned, sent, done, failed }

    public var id: Int64
    /// The failure it was a step for; nil for a person's action on a download that had not failed (a pause).
    public var failureId: Int64?
    public var correlationId: String
    public var strategy: RecoveryStrategy
    public var status: Status
    public var detail: String?
    public var createdAt: Date
    public var finishedAt: Date?
    /// The client instance and download id it acted on.
    public var instance: String?
    public var downloadId: String?
    /// Who acted, for a person's action ("alice", "MCP client Claude"); nil for the monitor.
    public var actor: String?

    public init(id: Int64 = 0, failureId: Int64?, correlationId: String, strategy: RecoveryStrategy, status: Status = .planned, detail: String? = nil,
                createdAt: Date, finishedAt: Date? = nil, instance: String? = nil, downloadId: String? = nil, actor: String? = nil) {
        self.id = id
        self.instance = instance
        self.downloadId = downloadId
        self.actor = actor
        self.failureId = failureId
        self.correlationId = correlationId
        self.strategy = strategy
        self.status = status
        self.detail = detail
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }
}

/// Where failures and recovery attempts are kept, so a restart never repeats an action.
public protocol RecoveryStore: Sendable {
    /// The failure for this client job, creating it when new. - Returns: it, and whether it was created.
    func failure(_ candidate: FailureRecord) async throws -> (record: FailureRecord, created: Bool)
    func update(_ failure: FailureRecord) async throws
    func attempts(failureId: Int64) async throws -> [AttemptRecord]
    func attempts(correlationId: String?, limit: Int) async throws -> [AttemptRecord]
    /// The attempts on one client job, oldest first.
    func attempts(instance: String, downloadId: String) async throws -> [AttemptRecord]
    /// Inserts an attempt; returns it with its id.
    func insert(_ attempt: AttemptRecord) async throws -> AttemptRecord
    func finish(attemptId: Int64, status: AttemptRecord.Status, detail: String?, at: Date) async throws
    /// Fails every attempt left `planned` or `sent` (by a process that stopped before recording the outcome) with this
    /// detail. - Returns: them, as they are now.
    func finishInterrupted(detail: String, at: Date) async throws -> [AttemptRecord]
    func failures(statuses: [FailureRecord.Status], limit: Int) async throws -> [FailureRecord]
    /// How many searches for another release were done for this item, over all its failed downloads.
    func searches(mediaKey: String) async throws -> Int
    /// Keeps what an attempt switched, to put back later.
    func keep(_ restore: ProfileRestore, attemptId: Int64) async throws
    /// Profile switches not yet put back, oldest first.
    func pendingRestores() async throws -> [(attempt: AttemptRecord, restore: ProfileRestore)]
    func restored(attemptId: Int64, at: Date) async throws
}
