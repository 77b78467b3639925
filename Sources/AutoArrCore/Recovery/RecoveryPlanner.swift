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
    /// Import the one file that fits what was grabbed, through the *arr's manual import.
    case manualImport
    /// Remove the job from the client and the *arr's queue without blocklisting it (it is not wanted, not broken).
    case remove
    /// Stop and tell a person.
    case notify
    /// A person's actions, never planned by the monitor: pause or resume the job, or remove it and its data from the
    /// client.
    case pause, resume, removeJob
}

extension RecoveryStrategy: OutputChoice {}

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
    /// The *arr marked it failed (a `downloadFailed` history event) and so blocklisted the release.
    public var arrHandled = false
    /// The *arr searches again by itself for a failure like this one (`autoRedownloadFailed`, and for an interactive
    /// grab `…FromInteractiveSearch`).
    public var arrRedownloads = false
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
        /// Wait for the *arr, which searches again by itself.
        case waitForArr
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
        /// How long a search (the *arr's or AutoArr's) may take to grab another release before AutoArr acts again.
        public var grabGrace: TimeInterval = 15 * 60

        public init() {}
    }

    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public func plan(_ context: RecoveryContext) -> RecoveryPlan {
        if context.protected { return RecoveryPlan(action: .nothing, reason: "protected by its keep tag") }
        let attempts = context.attempts.filter { $0.strategy != .notify }
        if context.attempts.contains(where: { $0.strategy == .notify }) {
            return RecoveryPlan(action: .nothing, reason: "a person was told after \(attempts.count) attempts")
        }
        if context.arrHandled {
            // The *arr blocklisted the release already: never delete or blocklist again, at most search once.
            if context.arrRedownloads { return RecoveryPlan(action: .waitForArr, reason: "the *arr blocklisted this release and searches for another by itself") }
            // A search cut short by a stop may not have reached the *arr: only one that did counts.
            if attempts.contains(where: { $0.succeeded && Self.searches.contains($0.strategy) }) {
                return RecoveryPlan(action: .nothing, reason: "searched once already after the *arr blocklisted this release")
            }
            return RecoveryPlan(action: .perform(.search),
                                reason: "the *arr blocklisted this release but will not search again by itself (redownload-failed is off): searching once")
        }
        if context.kind == .importPending { return RecoveryPlan(action: .nothing, reason: "the *arr is still importing; it retries by itself") }
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
        if [.blocklistAndSearch, .qualityFallback, .manualImport, .remove].contains(strategy) {
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
            // A stuck Usenet job has not failed, so its client has nothing to retry: another release it is.
            guard torrent else { return .blocklistAndSearch }
            if !tried.contains(.reannounce) { return .reannounce }
            if context.kind == .stalled, !tried.contains(.recheck) { return .recheck }
            return .blocklistAndSearch
        case .slow:
            return torrent && !tried.contains(.reannounce) ? .reannounce : .notify
        case .missingArticles, .repairFailed, .encrypted, .unwantedExtension, .noVideoFiles, .importBlocked, .unknown:
            return .blocklistAndSearch
        case .needsManualImport:
            return tried.contains(.manualImport) ? .notify : .manualImport
        case .notAnUpgrade:
            return tried.contains(.remove) ? .notify : .remove
        case .importPending, .pathInaccessible:
            return .notify
        }
    }

    /// The strategies that make the *arr look for another release.
    static let searches: Set<RecoveryStrategy> = [.blocklistAndSearch, .search, .qualityFallback]

    /// What to do about a failure that waits for a grab or an import nothing has shown yet: keep waiting through
    /// the grace period, then search once (when only the *arr was to search), else tell a person.
    /// - Parameters:
    ///   - since: when the wait began.
    ///   - attempts: the failure's own attempts so far.
    public func planWaiting(since: Date, attempts: [RecoveryContext.Attempt], arrInstance: String, now: Date) -> RecoveryPlan {
        let deadline = since.addingTimeInterval(settings.grabGrace)
        guard now >= deadline else { return RecoveryPlan(action: .wait(until: deadline), reason: "waiting for \(arrInstance) to grab another release") }
        let minutes = Int((settings.grabGrace / 60).rounded())
        let last = attempts.last { $0.succeeded && $0.strategy != .notify }?.strategy
        if last == .manualImport {
            return RecoveryPlan(action: .perform(.notify), reason: "the manual import sent to \(arrInstance) did not import within \(minutes) min")
        }
        if last == .remove { return RecoveryPlan(action: .perform(.notify), reason: "\(arrInstance) still lists it \(minutes) min after it was removed") }
        if !attempts.contains(where: { $0.succeeded && Self.searches.contains($0.strategy) }) {
            return RecoveryPlan(action: .perform(.search), reason: "\(arrInstance) grabbed nothing within \(minutes) min of blocklisting it: searching myself")
        }
        return RecoveryPlan(action: .perform(.notify), reason: "no other release was grabbed within \(minutes) min of the search")
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
        case .manualImport: "the *arr knows what this is but will not import it by itself: importing the file that fits the grab"
        case .remove: "the library has a file as good already: removing the download without blocklisting it"
        case .notify where context.kind == .pathInaccessible:
            "the *arr cannot reach the download's files; they are left alone. Fix the path (audit rule arr.health-remote-paths), then import"
        case .notify: "\(kind): nothing automatic is left to try; telling a person"
        case .pause, .resume, .removeJob: "asked for by a person"
        }
    }
}
