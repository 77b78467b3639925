import Foundation

/// What the monitor reads from the download clients and the *arrs (the integrations implement it).
public protocol DownloadSources: Sendable {
    /// A client's queue and recent history.
    func clientItems(_ instance: ServiceInstance) async throws -> [DownloadItem]
    func arrQueue(_ instance: ServiceInstance) async throws -> [ArrQueueItem]
    /// The *arr's recent grabs, imports and failures, newest first.
    func arrHistory(_ instance: ServiceInstance) async throws -> [ArrHistoryEvent]
    /// Whether the *arr searches again by itself after it marks a download failed.
    func arrRedownloadPolicy(_ instance: ServiceInstance) async throws -> ArrRedownloadPolicy
}

/// One download across its client and its *arr.
public struct UnifiedDownload: Sendable, Equatable {
    public var downloadId: String
    public var item: DownloadItem?
    public var arr: ArrQueueItem?
    public var failure: FailureKind?

    public init(downloadId: String, item: DownloadItem? = nil, arr: ArrQueueItem? = nil, failure: FailureKind? = nil) {
        self.downloadId = downloadId
        self.item = item
        self.arr = arr
        self.failure = failure
    }
}

/// Polls every client and *arr, joins them by download id, keeps the unified queue, classifies failures and hands
/// them to the recovery engine. A pass catches every error per instance and never stops.
public actor DownloadMonitor {
    public struct PassReport: Sendable, Equatable {
        public var downloads = 0
        public var failures = 0
        public var errors: [String] = []
        /// Something changed, so the next pass should come sooner.
        public var changed = false
    }

    let services: ServiceRegistry
    let sources: any DownloadSources
    let engine: RecoveryEngine
    let bus: EventBus
    let health: InstanceHealth?
    var detector: StallDetector
    private var passes = 0
    /// Tags or categories that protect a job from recovery.
    public var protectTags: Set<String> = ["keep"]
    /// Each job's state at the pass that last saw it.
    private var states: [DownloadKey: (state: DownloadItem.State, pass: Int)] = [:]
    public private(set) var queue: [UnifiedDownload] = []

    public init(services: ServiceRegistry, sources: any DownloadSources, engine: RecoveryEngine, bus: EventBus, health: InstanceHealth? = nil,
                stall: StallDetector.Settings = .init(), protectTags: [String] = ["keep"]) {
        self.services = services
        self.sources = sources
        self.engine = engine
        self.bus = bus
        self.health = health
        detector = StallDetector(settings: stall)
        self.protectTags = Set(protectTags.map { $0.lowercased() })
    }

    /// Skips an instance that is backing off; records each poll's outcome so unreachable ones back off.
    private func poll<T: Sendable>(_ instance: ServiceInstance, now: Date, _ work: @Sendable () async throws -> T) async throws -> T? {
        if let health, !(await health.allowsAttempt(instance.name, at: now)) { return nil }
        let start = ContinuousClock.now
        do {
            let value = try await work()
            await health?.recordPoll(ConnectionResult(name: instance.name, kind: instance.kind, version: nil, latency: ContinuousClock.now - start, error: nil, checkedAt: now))
            return value
        } catch let error as IntegrationError {
            await health?.recordPoll(ConnectionResult(name: instance.name, kind: instance.kind, version: nil, latency: ContinuousClock.now - start, error: error, checkedAt: now))
            throw error
        }
    }

    @discardableResult
    /// - Parameters:
    ///   - planOnly: observe as usual, but only plan and log recovery, sending nothing (a dry run).
    ///   - recover: false to only read the queue, leaving recovery to the process that runs it.
    public func pass(now: Date = Date(), planOnly: Bool = false, recover: Bool = true) async -> PassReport {
        let planOnly = planOnly || !recover
        var report = PassReport()
        if !planOnly {
            do { try await engine.settleInterrupted(now: now) } catch { report.errors.append("recovery: \(error)") }
        }
        let instances: [ServiceInstance]
        do { instances = try await services.list() } catch { report.errors.append("services: \(error)"); return report }
        let clients = instances.filter { [.sabnzbd, .nzbget, .qbittorrent, .transmission].contains($0.kind) }
        let arrs = instances.filter { $0.kind == .sonarr || $0.kind == .radarr }

        var items: [String: [DownloadItem]] = [:]
        var records: [String: [ArrQueueItem]] = [:]
        var history: [ArrHistoryEvent] = []
        var policies: [String: ArrRedownloadPolicy] = [:]
        var unavailable: Set<String> = []
        await withTaskGroup(of: Polled.self) { group in
            for client in clients {
                group.addTask {
                    do {
                        guard let items = try await self.poll(client, now: now, { try await self.sources.clientItems(client) }) else {
                            return Polled(instance: client.name, unavailable: true)
                        }
                        return Polled(instance: client.name, items: items)
                    } catch {
                        return Polled(instance: client.name, error: Self.describe(error, instance: client.name), unavailable: true)
                    }
                }
            }
            for arr in arrs {
                group.addTask {
                    do {
                        let found = try await self.poll(arr, now: now) { () async throws -> ([ArrQueueItem], [ArrHistoryEvent], ArrRedownloadPolicy) in
                            async let queue = self.sources.arrQueue(arr)
                            async let history = self.sources.arrHistory(arr)
                            async let policy = self.sources.arrRedownloadPolicy(arr)
                            return (try await queue, try await history, try await policy)
                        }
                        guard let (queue, history, policy) = found else { return Polled(instance: arr.name, unavailable: true) }
                        return Polled(instance: arr.name, records: queue, history: history, policy: policy)
                    } catch {
                        return Polled(instance: arr.name, error: Self.describe(error, instance: arr.name), unavailable: true)
                    }
                }
            }
            for await result in group {
                items[result.instance] = result.items
                records[result.instance] = result.records
                history += result.history
                if let policy = result.policy { policies[result.instance] = policy }
                if let error = result.error { report.errors.append(error) }
                if result.unavailable { unavailable.insert(result.instance) }
            }
        }

        // Joined in place by download id, in the order the clients list their jobs (the instances' order, then the
        // *arr records no client has): 5,000 jobs are copied as little as possible.
        var unified: [UnifiedDownload] = []
        unified.reserveCapacity(items.values.reduce(0) { $0 + $1.count })
        var position: [String: Int] = [:]
        position.reserveCapacity(unified.capacity)
        for client in clients {
            for item in items[client.name] ?? [] {
                let id = item.downloadId.uppercased()
                if let index = position[id] { unified[index].item = item; continue }
                position[id] = unified.count
                unified.append(UnifiedDownload(downloadId: id, item: item))
            }
        }
        for arr in arrs {
            for record in records[arr.name] ?? [] {
                guard let id = record.downloadId?.uppercased() else { continue }
                guard let index = position[id] else {
                    position[id] = unified.count
                    unified.append(UnifiedDownload(downloadId: id, arr: record))
                    continue
                }
                // Sonarr lists a season pack once per episode: one record stands for the download, with every episode.
                if unified[index].arr == nil {
                    unified[index].arr = record
                } else if let episode = record.episodeId, unified[index].arr?.instance == record.instance {
                    unified[index].arr?.episodeIds.append(episode)
                }
            }
        }
        // Every job is looked at without suspending; the few that changed or failed are acted on after.
        var events: [(index: Int, type: EventType)] = []
        var failing: [Int] = []
        for index in unified.indices {
            let seen = examine(&unified[index], now: now)
            report.changed = report.changed || seen.changed
            if let event = seen.event { events.append((index, event)) }
            if seen.actionable { failing.append(index) }
        }
        for (index, type) in events {
            guard let item = unified[index].item else { continue }
            await publish(type, item, "\(item.title) \(type == .downloadAdded ? "added to" : "completed in") \(item.instance)")
        }
        let evidence = RecoveryEvidence(queued: unified.compactMap(\.arr), history: history, present: Set(position.keys), unavailable: unavailable,
                                        policies: policies)
        let failed = evidence.markedFailed
        for index in failing {
            let download = unified[index]
            guard let kind = download.failure else { continue }
            report.failures += 1
            var observation = FailureObservation(kind: kind, item: download.item, arr: download.arr)
            observation.arrHandled = failed.contains(download.downloadId)
            if let arr = download.arr {
                observation.arrRedownloads = evidence.redownloads(download.downloadId, in: arr.instance)
                observation.arrClock = evidence.start(of: download.downloadId, in: arr.instance)
            }
            let labels = Set((download.item?.signals.tags ?? []) + [download.item?.category].compactMap { $0 }).map { $0.lowercased() }
            observation.protected = !protectTags.isDisjoint(with: labels)
            guard recover else { continue }
            do { try await engine.handle(observation, now: now, planOnly: planOnly) } catch { report.errors.append("recovery \(download.downloadId): \(error)") }
        }
        do {
            if !planOnly { try await engine.verify(evidence, now: now) }
        } catch {
            report.errors.append("recovery: \(error)")
        }
        // Jobs no longer listed have left their client; those of a client that could not be asked this pass are kept.
        if states.values.contains(where: { $0.pass != passes }) {
            for (key, tracked) in states where tracked.pass != passes && !unavailable.contains(key.instance) {
                report.changed = true
                states[key] = nil
                _ = await bus.publish(Event(.downloadRemoved, message: "\(key.downloadId) left \(key.instance)", instance: key.instance,
                                            data: ["downloadId": .string(key.downloadId)]))
            }
        }
        detector.endRound()
        if !planOnly { report.errors += await engine.restoreProfiles(now: now) }
        passes += 1
        queue = unified
        report.downloads = unified.count
        return report
    }

    /// An instance's error, named once: an `IntegrationError` names its instance already.
    static func describe(_ error: any Error, instance: String) -> String {
        if let error = error as? IntegrationError, error.instance == instance { return "\(error)" }
        return "\(instance): \(error)"
    }

    /// What one instance's poll brought.
    private struct Polled: Sendable {
        var instance: String
        var items: [DownloadItem] = []
        var records: [ArrQueueItem] = []
        var history: [ArrHistoryEvent] = []
        var policy: ArrRedownloadPolicy?
        var error: String?
        var unavailable = false
    }

    /// Looks at one download, in place: sets its failure, if any, and says whether its state changed since the last
    /// pass (and the event that says so) and whether the failure is one to act on. Remembers its state and progress for
    /// the next pass.
    private func examine(_ download: inout UnifiedDownload, now: Date) -> (changed: Bool, event: EventType?, actionable: Bool) {
        var changed = false
        var event: EventType?
        if let item = download.item {
            let key = item.key
            let previous: DownloadItem.State?
            if let slot = states.index(forKey: key) {
                previous = states.values[slot].state
                states.values[slot] = (item.state, passes)
            } else {
                previous = nil
                states[key] = (item.state, passes)
            }
            if previous != item.state {
                changed = true
                if passes > 0, previous == nil, item.state != .completed, item.state != .failed {
                    event = .downloadAdded
                } else if item.state == .completed, previous != nil {
                    event = .downloadCompleted
                }
            }
        }
        // The client's signals count once the client or the *arr says the job failed; the *arr's import states always.
        var kind = FailureClassifier.classify(download.arr?.hasFailed == true || download.item?.state == .failed ? download.item : nil, arr: download.arr)
        if kind == nil, let item = download.item { kind = detector.observe(item, now: now) }
        // An import waiting without a warning is the *arr's normal work, not a failure to act on.
        download.failure = kind
        let actionable = kind.map { $0 != .importPending || download.arr?.trackedDownloadStatus == "warning" } ?? false
        return (changed, event, actionable)
    }

    private func publish(_ type: EventType, _ item: DownloadItem, _ message: String) async {
        _ = await bus.publish(Event(type, message: message, instance: item.instance,
                                    data: ["downloadId": .string(item.downloadId), "title": .string(item.title), "state": .string(item.state.rawValue)]))
    }
}

/// A person's actions on one download (the integrations implement them).
public protocol DownloadControls: Sendable {
    func pause(_ item: DownloadItem) async throws
    func resume(_ item: DownloadItem) async throws
    /// Removes the job from its client, with its data when asked.
    func remove(_ item: DownloadItem, deleteData: Bool) async throws
}
