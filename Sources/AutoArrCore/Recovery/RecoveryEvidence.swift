import Foundation

/// What one monitor pass observed that can settle a failure: the *arrs' queues and recent history.
public struct RecoveryEvidence: Sendable {
    /// Every *arr queue record this pass saw.
    public var queued: [ArrQueueItem]
    /// The *arrs' recent grabs, imports and failures.
    public let history: [ArrHistoryEvent]
    /// Download ids, upper-cased, the *arrs marked failed.
    public let markedFailed: Set<String>
    /// The download ids, upper-cased, of every client job and *arr record this pass saw.
    public var present: Set<String>
    /// The instances this pass could not ask.
    public var unavailable: Set<String>
    /// Each *arr's redownload-failed settings.
    public var policies: [String: ArrRedownloadPolicy]

    public init(queued: [ArrQueueItem] = [], history: [ArrHistoryEvent] = [], present: Set<String> = [], unavailable: Set<String> = [],
                policies: [String: ArrRedownloadPolicy] = [:]) {
        self.queued = queued
        self.history = history
        markedFailed = Set(history.lazy.filter { $0.kind == .failed }.compactMap { $0.downloadId?.uppercased() })
        self.present = present
        self.unavailable = unavailable
        self.policies = policies
    }

    /// Whether the *arr searches again by itself for this failed download (grabbed interactively or not).
    public func redownloads(_ downloadId: String, in instance: String) -> Bool {
        let id = downloadId.uppercased()
        let interactive = history.contains { $0.instance == instance && $0.kind == .grabbed && $0.interactive && $0.downloadId?.uppercased() == id }
        return policies[instance]?.redownloads(interactive: interactive) ?? false
    }

    /// Where, on the *arr's clock, a failure's download begins: its grab in the history, else the *arr's newest entry.
    /// Grabs and imports after it are new.
    public func start(of downloadId: String, in instance: String) -> Date? {
        let id = downloadId.uppercased()
        let own = history.lazy.filter { $0.instance == instance && $0.kind == .grabbed && $0.downloadId?.uppercased() == id }.map(\.date).min()
        return own ?? history.lazy.filter { $0.instance == instance }.map(\.date).max()
    }

    /// What settled a failure, in words: another release grabbed for its item, or the item imported, since the failure.
    /// - Returns: nil while nothing has.
    public func settlement(of failure: FailureRecord) -> String? {
        guard let target = failure.target else { return nil }
        let id = failure.downloadId.uppercased()
        let arr = target.instance
        if let record = queued.first(where: { target.matches($0) && $0.downloadId.map { $0.uppercased() != id } == true }) {
            return "\(arr) grabbed another release, \(record.title)"
        }
        let since = failure.arrSince ?? .distantPast
        for event in history where event.date > since && target.matches(event) {
            switch event.kind {
            case .imported: return "\(arr) imported \(event.sourceTitle)"
            case .grabbed where event.downloadId?.uppercased() != id: return "\(arr) grabbed another release, \(event.sourceTitle)"
            default: continue
            }
        }
        return nil
    }
}

extension ArrQueueItem {
    /// A stand-in record for an item whose queue record is gone, enough to search for it again.
    init(target: ArrItemRef, title: String) {
        self.init(instance: target.instance, id: 0, downloadId: nil, title: title, status: "", trackedDownloadStatus: nil, trackedDownloadState: nil,
                  messages: [], errorMessage: nil, protocolName: nil, downloadClient: nil, mediaId: target.mediaId,
                  episodeId: target.episodeIds.first, sizeBytes: nil, remainingBytes: nil)
        episodeIds = target.episodeIds
    }
}
