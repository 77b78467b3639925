import Foundation

/// What the monitor reads from the download clients and the *arrs (the integrations implement it).
public protocol DownloadSources: Sendable {
    /// A client's queue and recent history.
    func clientItems(_ instance: ServiceInstance) async throws -> [DownloadItem]
    func arrQueue(_ instance: ServiceInstance) async throws -> [ArrQueueItem]
    /// Download ids the *arr has a `downloadFailed` history event for.
    func arrFailedDownloadIds(_ instance: ServiceInstance) async throws -> Set<String>
    /// Whether the *arr blocklists and searches again by itself (`autoRedownloadFailed`).
    func arrRedownloadsFailed(_ instance: ServiceInstance) async throws -> Bool
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
    public func pass(now: Date = Date()) async -> PassReport {
        var report = PassReport()
        let instances: [ServiceInstance]
        do { instances = try await services.list() } catch { report.errors.append("services: \(error)"); return report }
        let clients = instances.filter { [.sabnzbd, .nzbget, .qbittorrent, .transmission].contains($0.kind) }
        let arrs = instances.filter { $0.kind == .sonarr || $0.kind == .radarr }

        var items: [DownloadItem] = []
        var records: [ArrQueueItem] = []
        var handledIds: Set<String> = []
        var redownloading: Set<String> = []
        var unavailable: Set<String> = []
        await withTaskGroup(of: (items: [DownloadItem], records: [ArrQueueItem], handled: Set<String>, redownloads: String?, error: String?, unavailable: String?).self) { group in
            for client in clients {
                group.addTask {
                    do {
                        guard let items = try await self.poll(client, now: now, { try await self.sources.clientItems(client) }) else {
                            return ([], [], [], nil, nil, client.name)
                        }
                        return (items, [], [], nil, nil, nil)
                    } catch {
                        return ([], [], [], nil, "\(client.name): \(error)", client.name)
                    }
                }
            }
            for arr in arrs {
                group.addTask {
                    do {
                        let found = try await self.poll(arr, now: now) { () async throws -> ([ArrQueueItem], Set<String>, Bool) in
                            async let queue = self.sources.arrQueue(arr)
                            async let failed = self.sources.arrFailedDownloadIds(arr)
                            async let redownloads = self.sources.arrRedownloadsFailed(arr)
                            return (try await queue, try await failed, try await redownloads)
                        }
                        guard let (queue, failed, redownloads) = found else { return ([], [], [], nil, nil, arr.name) }
                        return ([], queue, failed, redownloads ? arr.name : nil, nil, nil)
                    } catch {
                        return ([], [], [], nil, "\(arr.name): \(error)", arr.name)
                    }
                }
            }
            for await result in group {
                items += result.items
                records += result.records
                handledIds.formUnion(result.handled.map { $0.uppercased() })
                if let name = result.redownloads { redownloading.insert(name) }
                if let error = result.error { report.errors.append(error) }
                if let name = result.unavailable { unavailable.insert(name) }
            }
        }

        // Joined in place by download id: 5,000 jobs are copied as little as possible.
        var unified: [UnifiedDownload] = []
        unified.reserveCapacity(items.count)
        var position: [String: Int] = [:]
        for item in items {
            let id = item.downloadId.uppercased()
            if let index = position[id] { unified[index].item = item; continue }
            position[id] = unified.count
            unified.append(UnifiedDownload(downloadId: id, item: item))
        }
        for record in records {
            guard let id = record.downloadId?.uppercased() else { continue }
            guard let index = position[id] else {
                position[id] = unified.count
                unified.append(UnifiedDownload(downloadId: id, arr: record))
                continue
            }
            // Sonarr lists a season pack once per episode: one record stands for the download.
            if unified[index].arr == nil { unified[index].arr = record }
        }
        unified.sort { $0.downloadId < $1.downloadId }
        for index in unified.indices {
            let download = unified[index]
            let id = download.downloadId
            if let item = download.item {
                let key = item.key
                let previous = states[key]?.state
                states[key] = (item.state, passes)
                if previous != item.state {
                    report.changed = true
                    if passes > 0, previous == nil, item.state != .completed, item.state != .failed {
                        await publish(.downloadAdded, item, "\(item.title) added to \(item.instance)")
                    } else if item.state == .completed, previous != nil {
                        await publish(.downloadCompleted, item, "\(item.title) completed in \(item.instance)")
                    }
                }
            }
            // The client's signals count once the client or the *arr says the job failed; the *arr's import states always.
            var kind = FailureClassifier.classify(download.arr?.hasFailed == true || download.item?.state == .failed ? download.item : nil, arr: download.arr)
            if kind == nil, let item = download.item { kind = detector.observe(item, now: now) }
            unified[index].failure = kind
            guard let kind, kind != .importPending || download.arr?.trackedDownloadStatus == "warning" else { continue }
            report.failures += 1
            var observation = FailureObservation(kind: kind, item: download.item, arr: download.arr)
            observation.arrHandled = handledIds.contains(id) || (download.arr.map { redownloading.contains($0.instance) } == true && download.item?.state == .failed)
            let labels = Set((download.item?.signals.tags ?? []) + [download.item?.category].compactMap { $0 }).map { $0.lowercased() }
            observation.protected = !protectTags.isDisjoint(with: labels)
            do { try await engine.handle(observation, now: now) } catch { report.errors.append("recovery \(id): \(error)") }
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
        report.errors += await engine.restoreProfiles(now: now)
        passes += 1
        queue = unified
        report.downloads = unified.count
        return report
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
