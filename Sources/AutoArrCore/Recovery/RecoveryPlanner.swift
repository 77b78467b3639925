import Foundation

/// What recovery can do about a failed download.
public enum RecoveryStrategy: String, Sendable, Codable, CaseIterable {
    /// Retry the same job at the client: SABnzbd retry, NZBGet HistoryRedownload.
    case retryAtClient
    /// Ask the torrent's trackers for peers again.
    case reannounce
    /// Re-verify a torrent's data.
    case recheck
    /// `DELETE /queue/{id}?blocklist=true` and let the *arr search for another release.
    case blocklistAndSearch
    /// Search again without blocklisting (the release is blocklisted already).
    case search
    /// Search accepting the next lower quality (or switch to the fallback profile).
    case qualityFallback
    /// Stop and tell a person.
    case notify
}

/// Everything the planner knows about one failed download.
public struct RecoveryContext: Sendable, Equatable {
    public struct Attempt: Sendable, Equatable {
        public var strategy: RecoveryStrategy
        public var at: Date
        public var succeeded: Bool

        public init(_ strategy: RecoveryStrategy, at: Date, succeeded: Bool = true) {
            self.strategy = strategy
            self.at = at
            self.succeeded = succeeded
        }
    }

    public var kind: FailureKind
    /// `usenet` or `torrent`.
    public var protocolName: String
    /// The *arr's queue record for it, when an *arr tracks it.
    public var arrQueueId: Int?
    /// The *arr already dealt with it: a `downloadFailed` history event, or its own redownload.
    public var arrHandled = false
    /// The release is on the *arr's blocklist already.
    public var releaseBlocklisted = false
    /// Carries a protect tag or category ("keep").
    public var protected = false
    public var isPrivateTorrent = false
    public var attempts: [Attempt] = []
    /// Searches already done for the same *arr item through its earlier failed downloads.
    public var priorSearches = 0
    public var now: Date

    public init(kind: FailureKind, protocolName: String, arrQueueId: Int? = nil, now: Date) {
        self.kind = kind
        self.protocolName = protocolName
        self.arrQueueId = arrQueueId
        self.now = now
    }
}

/// The planner's decision.
public struct RecoveryPlan: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case nothing
        case wait(until: Date)
        case perform(RecoveryStrategy)
    }

    public var action: Action
    /// Why, in words for the activity log.
    public var reason: String
    /// With `blocklistAndSearch`: remove the job (and its data) from the client. Never for private torrents by default.
    public var removeFromClient = true
}

/// Picks the next recovery step for a failure: pure, so every rule is a table test.
public struct RecoveryPlanner: Sendable {
    public struct Settings: Sendable, Equatable {
        public var maxAttempts = 3
        public var backoffBase: TimeInterval = 60
        public var backoffCap: TimeInterval = 3600
        /// Blocklist-and-search attempts at one quality before falling back to a lower one.
        public var qualityFallbackAfter = 2
        public var qualityFallback = true
        /// Whether removing a private torrent may delete its data.
        public var deletePrivateTorrentData = false

        public init() {}
    }

    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public func plan(_ context: RecoveryContext) -> RecoveryPlan {
        if context.protected { return RecoveryPlan(action: .nothing, reason: "protected by its keep tag") }
        if context.arrHandled { return RecoveryPlan(action: .nothing, reason: "the *arr already handled this failure") }
        if context.kind == .importPending { return RecoveryPlan(action: .nothing, reason: "the *arr is still importing; it retries by itself") }
        let attempts = context.attempts.filter { $0.strategy != .notify }
        if context.attempts.contains(where: { $0.strategy == .notify }) {
            return RecoveryPlan(action: .nothing, reason: "a person was told after \(attempts.count) attempts")
        }
        if attempts.count >= settings.maxAttempts {
            return RecoveryPlan(action: .perform(.notify), reason: "\(attempts.count) attempts did not fix it (\(context.kind.rawValue))")
        }
        if let last = attempts.map(\.at).max() {
            let wait = min(settings.backoffCap, settings.backoffBase * pow(2, Double(attempts.count - 1)))
            let next = last.addingTimeInterval(wait)
            if context.now < next { return RecoveryPlan(action: .wait(until: next), reason: "backing off after attempt \(attempts.count)") }
        }
        let strategy = nextStrategy(context, attempts: attempts)
        var plan = RecoveryPlan(action: .perform(strategy), reason: reason(strategy, context))
        if strategy == .blocklistAndSearch || strategy == .qualityFallback {
            guard context.arrQueueId != nil else {
                return RecoveryPlan(action: .perform(.notify), reason: "no *arr tracks this download, so nothing can search for another release")
            }
            plan.removeFromClient = !(context.isPrivateTorrent && !settings.deletePrivateTorrentData)
        }
        if strategy == .blocklistAndSearch, context.releaseBlocklisted {
            plan.action = .perform(.search)
            plan.reason = "the release is blocklisted already; searching again"
        }
        return plan
    }

    func nextStrategy(_ context: RecoveryContext, attempts: [RecoveryContext.Attempt]) -> RecoveryStrategy {
        let tried = Set(attempts.map(\.strategy))
        let searches = attempts.filter { $0.strategy == .blocklistAndSearch || $0.strategy == .search }.count + context.priorSearches
        if settings.qualityFallback, searches >= settings.qualityFallbackAfter, context.arrQueueId != nil { return .qualityFallback }
        let torrent = context.protocolName == "torrent"
        switch context.kind {
        case .connection, .diskFull:
            // Transient: the same job may work once the server or disk is back.
            return tried.contains(.retryAtClient) ? .blocklistAndSearch : (torrent ? .recheck : .retryAtClient)
        case .stalled, .metadataStuck, .trackerError:
            guard torrent else { return tried.contains(.retryAtClient) ? .blocklistAndSearch : .retryAtClient }
            if !tried.contains(.reannounce) { return .reannounce }
            if context.kind == .stalled, !tried.contains(.recheck) { return .recheck }
            return .blocklistAndSearch
        case .slow:
            return torrent && !tried.contains(.reannounce) ? .reannounce : .notify
        case .missingArticles, .repairFailed, .encrypted, .unwantedExtension, .noVideoFiles, .importBlocked, .unknown:
            return .blocklistAndSearch
        case .importPending:
            return .notify
        }
    }

    func reason(_ strategy: RecoveryStrategy, _ context: RecoveryContext) -> String {
        let kind = context.kind.rawValue
        return switch strategy {
        case .retryAtClient: "\(kind) may be passing: retrying the same job at the client"
        case .reannounce: "\(kind): asking the trackers for peers again"
        case .recheck: "\(kind): re-verifying the torrent's data"
        case .blocklistAndSearch: "\(kind) will not fix itself: blocklisting this release and searching for another"
        case .search: "searching again"
        case .qualityFallback: "\(kind) again after \(settings.qualityFallbackAfter) releases: searching at the next lower quality"
        case .notify: "\(kind): nothing automatic is left to try; telling a person"
        }
    }
}
