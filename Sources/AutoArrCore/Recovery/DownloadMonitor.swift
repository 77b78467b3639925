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
    var detector: StallDetector
    /// Tags or categories that protect a job from recovery.
    public var protectTags: Set<String> = ["keep"]
    private var states: [String: DownloadItem.State] = [:]
    public private(set) var queue: [UnifiedDownload] = []

    public init(services: ServiceRegistry, sources: any DownloadSources, engine: RecoveryEngine, bus: EventBus, stall: StallDetector.Settings = .init()) {
        self.services = services
        self.sources = sources
        self.engine = engine
        self.bus = bus
        detector = StallDetector(settings: stall)
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
        await withTaskGroup(of: (items: [DownloadItem], records: [ArrQueueItem], handled: Set<String>, redownloads: String?, error: String?).self) { group in
            for client in clients {
                group.addTask {
                    do { return (try await self.sources.clientItems(client), [], [], nil, nil) } catch { return ([], [], [], nil, "\(client.name): \(error)") }
                }
            }
            for arr in arrs {
                group.addTask {
                    do {
                        async let queue = self.sources.arrQueue(arr)
                        async let failed = self.sources.arrFailedDownloadIds(arr)
                        async let redownloads = self.sources.arrRedownloadsFailed(arr)
                        return ([], try await queue, try await failed, try await redownloads ? arr.name : nil, nil)
                    } catch {
                        return ([], [], [], nil, "\(arr.name): \(error)")
                    }
                }
            }
            for await result in group {
                items += result.items
                records += result.records
                handledIds.formUnion(result.handled.map { $0.uppercased() })
                if let name = result.redownloads { redownloading.insert(name) }
                if let error = result.error { report.errors.append(error) }
            }
        }

        var byId: [String: (item: DownloadItem?, arr: ArrQueueItem?)] = [:]
        for item in items { byId[item.downloadId.uppercased(), default: (nil, nil)].item = item }
        for record in records {
            guard let id = record.downloadId?.uppercased() else { continue }
            // Sonarr lists a season pack once per episode: one record stands for the download.
            if byId[id]?.arr == nil { byId[id, default: (nil, nil)].arr = record }
        }
        var unified: [UnifiedDownload] = []
        var seen: Set<String> = []
        for (id, pair) in byId.sorted(by: { $0.key < $1.key }) {
            if let item = pair.item {
                let key = "\(item.instance)/\(item.downloadId)"
                seen.insert(key)
                if states[key] != item.state {
                    report.changed = true
                    states[key] = item.state
                }
            }
            var kind = FailureClassifier.classify(pair.item?.state == .failed ? pair.item : nil, arr: pair.arr)
                ?? (pair.arr.map { ["failed", "failedPending"].contains($0.trackedDownloadState ?? "") } == true ? FailureClassifier.classify(pair.item, arr: pair.arr) : nil)
            if kind == nil, let item = pair.item { kind = detector.observe(item, now: now) }
            unified.append(UnifiedDownload(downloadId: id, item: pair.item, arr: pair.arr, failure: kind))
            guard let kind, kind != .importPending || pair.arr?.trackedDownloadStatus == "warning" else { continue }
            report.failures += 1
            var observation = FailureObservation(kind: kind, item: pair.item, arr: pair.arr)
            observation.arrHandled = handledIds.contains(id) || (pair.arr.map { redownloading.contains($0.instance) } == true && pair.item?.state == .failed)
            let labels = Set((pair.item?.signals.tags ?? []) + [pair.item?.category].compactMap { $0 }).map { $0.lowercased() }
            observation.protected = !protectTags.isDisjoint(with: labels)
            do { try await engine.handle(observation, now: now) } catch { report.errors.append("recovery \(id): \(error)") }
        }
        detector.keep(only: seen)
        states = states.filter { seen.contains($0.key) }
        queue = unified
        report.downloads = unified.count
        return report
    }
}
