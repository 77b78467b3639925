import Foundation

/// Performs recovery strategies against the services (the integrations implement it).
public protocol RecoveryActions: Sendable {
    /// Carries out one step. - Throws: when the service refused or failed.
    func perform(_ strategy: RecoveryStrategy, item: DownloadItem?, arr: ArrQueueItem?, removeFromClient: Bool) async throws -> RecoveryOutcome
    /// Switches an item back to the profile a quality fallback switched it from, once it has a file. - Returns: a line for
    /// the activity log, or nil while nothing has imported yet.
    func restoreProfile(_ restore: ProfileRestore) async throws -> String?
}

/// What one step did: a line for the activity log, and what is to be put back later.
public struct RecoveryOutcome: Sendable, Equatable {
    public var message: String
    public var restore: ProfileRestore?

    public init(_ message: String, restore: ProfileRestore? = nil) {
        self.message = message
        self.restore = restore
    }
}

/// A quality fallback's profile switch, to undo once something imports.
public struct ProfileRestore: Sendable, Equatable, Codable {
    public var instance: String
    /// Radarr's movie or Sonarr's series id.
    public var mediaId: Int
    /// For Sonarr, the episode whose file counts as imported.
    public var episodeId: Int?
    public var title: String
    public var originalProfileId: Int
    public var fallbackProfileId: Int

    public init(instance: String, mediaId: Int, episodeId: Int?, title: String, originalProfileId: Int, fallbackProfileId: Int) {
        self.instance = instance
        self.mediaId = mediaId
        self.episodeId = episodeId
        self.title = title
        self.originalProfileId = originalProfileId
        self.fallbackProfileId = fallbackProfileId
    }
}

/// One failure as a monitor pass sees it.
public struct FailureObservation: Sendable {
    public var kind: FailureKind
    public var item: DownloadItem?
    public var arr: ArrQueueItem?
    /// The *arr marked it failed and blocklisted the release.
    public var arrHandled = false
    /// The *arr searches again by itself for this failure.
    public var arrRedownloads = false
    public var releaseBlocklisted = false
    public var protected = false
    /// Its grab on the *arr's clock (`RecoveryEvidence.start`): grabs and imports after it are new.
    public var arrClock: Date?

    public init(kind: FailureKind, item: DownloadItem?, arr: ArrQueueItem?) {
        self.kind = kind
        self.item = item
        self.arr = arr
    }

    /// The client instance and download id the failure is kept under.
    var key: (instance: String, downloadId: String)? {
        if let item { return (item.instance, item.downloadId) }
        if let arr, let id = arr.downloadId { return (arr.instance, id) }
        return nil
    }
}

/// Plans and performs recovery for failures, durably: every attempt is written as `planned` before it is sent,
/// so a restart (even a kill -9 mid-pass) never sends one twice. One actor, so one failure is handled at a time.
public actor RecoveryEngine {
    let store: any RecoveryStore
    let bus: EventBus
    let actions: any RecoveryActions
    public var planner: RecoveryPlanner
    /// Plans and logs, but sends nothing.
    public var dryRun: Bool
    /// Whether a previous process's interrupted attempts have been closed.
    private var settled = false

    public init(store: any RecoveryStore, bus: EventBus, actions: any RecoveryActions, planner: RecoveryPlanner = RecoveryPlanner(), dryRun: Bool = false) {
        self.store = store
        self.bus = bus
        self.actions = actions
        self.planner = planner
        self.dryRun = dryRun
    }

    /// Closes the attempts a previous process left `planned` or `sent` (a kill -9 mid-pass): each may have reached
    /// the service, so it counts as an attempt and is never sent again. Once per engine, before its first step; the
    /// monitor calls it at its first pass, so they are closed even when their downloads are gone by then. A dry run
    /// changes nothing, so it leaves them.
    public func settleInterrupted(now: Date = Date()) async throws {
        guard !settled, !dryRun else { return }
        let interrupted = try await store.finishInterrupted(detail: "interrupted before its outcome was recorded; not repeated", at: now)
        settled = true
        for attempt in interrupted {
            _ = await bus.publish(Event(.recoveryFailed, message: "\(attempt.strategy.rawValue) was interrupted by a stop before its outcome was recorded; it may have "
                                        + "reached the service, so it is not sent again", correlationId: attempt.correlationId, severity: .warning,
                                        data: ["strategy": .string(attempt.strategy.rawValue), "attempt": .number(Double(attempt.id))]))
        }
    }

    @discardableResult
    /// - Parameter planOnly: plan and log this once, sending nothing, as a dry run does.
    public func handle(_ observation: FailureObservation, now: Date = Date(), planOnly: Bool = false) async throws -> RecoveryPlan {
        guard let key = observation.key else { return RecoveryPlan(action: .nothing, reason: "no download id to track it by") }
        return try await handle(observation, key: key, now: now, planOnly: planOnly)
    }

    private func handle(_ observation: FailureObservation, key: (instance: String, downloadId: String), now: Date,
                        planOnly: Bool = false) async throws -> RecoveryPlan {
        let dryRun = dryRun || planOnly
        let title = observation.item?.title ?? observation.arr?.title ?? key.downloadId
        let mediaKey = observation.arr.flatMap { arr in
            arr.episodeId.map { "\(arr.instance):episode:\($0)" } ?? arr.mediaId.map { "\(arr.instance):movie:\($0)" }
        }
        var (failure, created) = try await store.failure(FailureRecord(
            instance: key.instance, downloadId: key.downloadId, title: title, kind: observation.kind, arrInstance: observation.arr?.instance,
            mediaKey: mediaKey, firstSeen: now, lastSeen: now, target: observation.arr?.target, arrSince: observation.arrClock))
        if created {
            await publish(.downloadFailed, failure, "\(title): \(observation.kind.rawValue)", severity: .warning,
                          data: ["kind": .string(observation.kind.rawValue), "message": .string(observation.item?.failureMessage ?? observation.arr?.messages.first ?? "")])
        }
        guard failure.status == .open else { return RecoveryPlan(action: .nothing, reason: failure.note ?? "already \(failure.status.rawValue)") }
        failure.lastSeen = now
        failure.kind = observation.kind
        failure.arrInstance = observation.arr?.instance ?? failure.arrInstance
        failure.mediaKey = mediaKey ?? failure.mediaKey
        failure.target = observation.arr?.target ?? failure.target
        failure.arrSince = failure.arrSince ?? observation.arrClock

        if !dryRun { try await settleInterrupted(now: now) }
        let attempts = try await store.attempts(failureId: failure.id)

        var context = RecoveryContext(kind: observation.kind, protocolName: observation.arr?.protocolName ?? observation.item?.signals.protocolName ?? "usenet",
                                      arrQueueId: observation.arr?.id, now: now)
        context.arrHandled = observation.arrHandled
        context.arrRedownloads = observation.arrRedownloads
        context.releaseBlocklisted = observation.releaseBlocklisted
        context.protected = observation.protected
        context.isPrivateTorrent = observation.item?.signals.isPrivate ?? false
        context.attempts = attempts.map { RecoveryContext.Attempt($0.strategy, at: $0.createdAt, succeeded: $0.status == .done) }
        if let key = failure.mediaKey {
            let own = attempts.filter { RecoveryPlanner.searches.contains($0.strategy) && $0.status == .done }.count
            context.priorSearches = max(0, try await store.searches(mediaKey: key) - own)
        }
        let plan = planner.plan(context)

        switch plan.action {
        case .nothing, .wait:
            try await store.update(failure)
        case .waitForArr:
            guard !dryRun else {
                await publish(.recoveryPlanned, failure, "dry run: would wait — \(plan.reason)", data: ["dryRun": true])
                return plan
            }
            try await wait(&failure, note: "\(failure.arrInstance ?? "the *arr") blocklisted this release and searches for another by itself", now: now)
        case .perform(let strategy):
            try await store.update(failure)
            if dryRun {
                await publish(.recoveryPlanned, failure, "dry run: would \(strategy.rawValue) — \(plan.reason)", data: ["strategy": .string(strategy.rawValue), "dryRun": true])
                return plan
            }
            try await perform(strategy, plan: plan, failure: &failure, observation: observation, now: now)
        }
        return plan
    }

    /// Marks a failure as waiting for something observable, and says so.
    private func wait(_ failure: inout FailureRecord, note: String, now: Date) async throws {
        failure.status = .waiting
        failure.waitingSince = now
        failure.note = note
        try await store.update(failure)
        await publish(.recoveryWaiting, failure, "\(failure.title): \(note)")
    }

    private func perform(_ strategy: RecoveryStrategy, plan: RecoveryPlan, failure: inout FailureRecord, observation: FailureObservation, now: Date) async throws {
        let attempt = try await store.insert(AttemptRecord(failureId: failure.id, correlationId: failure.correlationId, strategy: strategy, detail: plan.reason,
                                                           createdAt: now, instance: failure.instance, downloadId: failure.downloadId))
        await publish(.recoveryPlanned, failure, "\(failure.title): \(plan.reason)", data: ["strategy": .string(strategy.rawValue), "attempt": .number(Double(attempt.id))])
        if strategy == .notify {
            try await store.finish(attemptId: attempt.id, status: .done, detail: nil, at: now)
            failure.status = .gaveUp
            try await store.update(failure)
            await publish(.recoveryGaveUp, failure, "\(failure.title): \(plan.reason)", severity: .error)
            return
        }
        try await store.finish(attemptId: attempt.id, status: .sent, detail: nil, at: now)
        do {
            let outcome = try await actions.perform(strategy, item: observation.item, arr: observation.arr, removeFromClient: plan.removeFromClient)
            try await store.finish(attemptId: attempt.id, status: .done, detail: outcome.message, at: Date())
            if var restore = outcome.restore {
                // A second fallback for the same item goes back, in the end, to where the first one started.
                let earlier = try await store.pendingRestores().filter {
                    $0.restore.instance == restore.instance && $0.restore.mediaId == restore.mediaId && $0.restore.episodeId == restore.episodeId
                }
                if let first = earlier.first { restore.originalProfileId = first.restore.originalProfileId }
                for (superseded, _) in earlier { try await store.restored(attemptId: superseded.id, at: now) }
                try await store.keep(restore, attemptId: attempt.id)
            }
            await publish(.recoveryPerformed, failure, "\(failure.title): \(outcome.message)", data: ["strategy": .string(strategy.rawValue)])
            // Resolved only once the *arr shows the result; a retry or reannounce is judged by the job itself next pass.
            let arr = failure.arrInstance ?? "the *arr"
            switch strategy {
            case .blocklistAndSearch, .search, .qualityFallback: try await wait(&failure, note: "waiting for \(arr) to grab another release", now: now)
            case .manualImport: try await wait(&failure, note: "waiting for \(arr) to import it", now: now)
            case .remove: try await wait(&failure, note: "waiting for \(arr) to drop it from its queue", now: now)
            default: break
            }
        } catch {
            try await store.finish(attemptId: attempt.id, status: .failed, detail: "\(error)", at: Date())
            await publish(.recoveryFailed, failure, "\(failure.title): \(strategy.rawValue) failed: \(error)", severity: .warning)
        }
    }

    /// Checks every failure still open or waiting against what this pass observed, and resolves the ones something
    /// observable settled:
    /// - another release was grabbed for the same item (in the *arr's queue or history), or the item imported;
    /// - an open failure's download left its client and its *arr without the *arr marking it failed: a person removed it;
    /// - a waiting removal's download left the *arr's queue.
    ///
    /// A waiting failure nothing settled within the grace period is searched for once (when only the *arr was to
    /// search), else a person is told. One whose client or *arr could not be asked this pass is left as it is.
    public func verify(_ evidence: RecoveryEvidence, now: Date = Date()) async throws {
        guard !dryRun else { return }
        try await settleInterrupted(now: now)
        for var failure in try await store.failures(statuses: [.open, .waiting], limit: 1000) {
            let asked = [failure.instance, failure.arrInstance].compactMap { $0 }
            guard evidence.unavailable.isDisjoint(with: asked) else { continue }
            let present = evidence.present.contains(failure.downloadId.uppercased())
            if let settled = evidence.settlement(of: failure) {
                try await resolve(&failure, settled, now: now)
                continue
            }
            if failure.status == .open {
                guard !present else { continue }
                if evidence.markedFailed.contains(failure.downloadId.uppercased()) {
                    // The *arr marked it failed and dropped it from its queue (its own handling, or a step of ours that
                    // a stop cut short): on as for any failure the *arr blocklisted, from its record.
                    guard let target = failure.target else { continue }
                    var observation = FailureObservation(kind: failure.kind, item: nil, arr: ArrQueueItem(target: target, title: failure.title))
                    observation.arrHandled = true
                    observation.arrRedownloads = evidence.redownloads(failure.downloadId, in: target.instance)
                    try await handle(observation, key: (failure.instance, failure.downloadId), now: now)
                    continue
                }
                let retried = try await store.attempts(failureId: failure.id).contains { $0.strategy == .retryAtClient && $0.status == .done }
                try await resolve(&failure, retried ? "retried in \(failure.instance) as a new job, which is watched on its own"
                                  : "no longer in \(asked.joined(separator: " or ")) and not marked failed there: removed outside AutoArr", now: now)
                continue
            }
            let attempts = try await store.attempts(failureId: failure.id)
            if !present, let last = attempts.last(where: { $0.status == .done }), [.remove, .removeJob].contains(last.strategy) {
                try await resolve(&failure, "removed from \(asked.joined(separator: " and "))", now: now)
                continue
            }
            let plan = planner.planWaiting(since: failure.waitingSince ?? failure.lastSeen,
                                           attempts: attempts.map { RecoveryContext.Attempt($0.strategy, at: $0.createdAt, succeeded: $0.status == .done) },
                                           arrInstance: failure.arrInstance ?? "the *arr", now: now)
            guard case .perform(let strategy) = plan.action else { continue }
            failure.status = .open
            let id = failure.downloadId.uppercased()
            let title = failure.title
            let record = evidence.queued.first { $0.downloadId?.uppercased() == id } ?? failure.target.map { ArrQueueItem(target: $0, title: title) }
            try await perform(strategy, plan: plan, failure: &failure, observation: FailureObservation(kind: failure.kind, item: nil, arr: record), now: now)
            if failure.status == .open {
                // The step failed to send: wait another grace period before trying again.
                failure.status = .waiting
                failure.waitingSince = now
                try await store.update(failure)
            }
        }
    }

    /// A person's action on a download, through the same durable log as the monitor's steps: written `planned` before it
    /// is sent, attributed to who asked, and tied to the download's failure when it has one, so the monitor neither
    /// repeats it nor undoes it. A blocklist leaves the failure waiting for another grab; a removal, for the job to go.
    /// - Throws: the service's refusal, after recording the attempt as failed.
    /// - Returns: what was done, in words.
    public func act(_ strategy: RecoveryStrategy, on download: UnifiedDownload, by actor: String, now: Date = Date()) async throws -> String {
        guard let key = download.item.map({ ($0.instance, $0.downloadId) }) ?? download.arr.flatMap({ arr in arr.downloadId.map { (arr.instance, $0) } }) else {
            throw AutoArrError(.invalidInput, "this download has no id to act on", field: "download")
        }
        var failure = try await store.failures(statuses: [.open, .waiting], limit: 1000)
            .first { $0.instance == key.0 && $0.downloadId.caseInsensitiveCompare(key.1) == .orderedSame }
        let correlationId = failure?.correlationId ?? Event.newCorrelationId()
        let attempt = try await store.insert(AttemptRecord(failureId: failure?.id, correlationId: correlationId, strategy: strategy, status: .planned,
                                                           detail: "asked for by \(actor)", createdAt: now, instance: key.0, downloadId: key.1, actor: actor))
        try await store.finish(attemptId: attempt.id, status: .sent, detail: nil, at: now)
        let outcome: RecoveryOutcome
        do {
            outcome = try await actions.perform(strategy, item: download.item, arr: download.arr, removeFromClient: true)
        } catch {
            try await store.finish(attemptId: attempt.id, status: .failed, detail: "\(error)", at: Date())
            throw error
        }
        try await store.finish(attemptId: attempt.id, status: .done, detail: outcome.message, at: Date())
        _ = await bus.publish(Event(.downloadAction, message: "\(outcome.message) (by \(actor))", correlationId: correlationId, instance: key.0,
                                    data: ["action": .string(Self.word(for: strategy)), "strategy": .string(strategy.rawValue), "downloadId": .string(key.1),
                                           "actor": .string(actor),
                                           "attempt": .number(Double(attempt.id))]))
        if var open = failure {
            switch strategy {
            case .blocklistAndSearch: try await wait(&open, note: "\(actor) blocklisted it; waiting for \(open.arrInstance ?? "the *arr") to grab another release", now: now)
            case .removeJob: try await wait(&open, note: "removed by \(actor); waiting for it to leave the queue", now: now)
            default: break
            }
            failure = open
        }
        return outcome.message
    }

    /// A person's action as the API names it.
    static func word(for strategy: RecoveryStrategy) -> String {
        switch strategy {
        case .blocklistAndSearch: "blocklist"
        case .removeJob: "remove"
        case .retryAtClient, .reannounce: "retry"
        default: strategy.rawValue
        }
    }

    private func resolve(_ failure: inout FailureRecord, _ why: String, now: Date) async throws {
        failure.status = .resolved
        failure.lastSeen = now
        failure.note = why
        try await store.update(failure)
        await publish(.recoveryResolved, failure, "\(failure.title): \(why)")
    }

    /// Puts back the profiles that quality fallbacks switched, for the items that have imported since.
    /// - Returns: one line per restore that failed; it is tried again next time.
    public func restoreProfiles(now: Date = Date()) async -> [String] {
        guard let pending = try? await store.pendingRestores(), !pending.isEmpty else { return [] }
        var errors: [String] = []
        for (attempt, restore) in pending {
            do {
                guard let message = try await actions.restoreProfile(restore) else { continue }
                try await store.restored(attemptId: attempt.id, at: now)
                _ = await bus.publish(Event(.recoveryPerformed, message: "\(restore.title): \(message)", correlationId: attempt.correlationId,
                                            instance: restore.instance, data: ["strategy": "restoreProfile"]))
            } catch {
                errors.append("restoring \(restore.title)'s profile: \(error)")
            }
        }
        return errors
    }

    private func publish(_ type: EventType, _ failure: FailureRecord, _ message: String, severity: Severity = .info, data: [String: JSONValue] = [:]) async {
        var fields = data
        fields["downloadId"] = .string(failure.downloadId)
        _ = await bus.publish(Event(type, message: message, correlationId: failure.correlationId, severity: severity, instance: failure.instance, data: fields))
    }
}
