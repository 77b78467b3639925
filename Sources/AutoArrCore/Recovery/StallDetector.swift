import Foundation

/// Notices downloads that stopped making progress (stalled), crawl below a minimum speed (slow) or wait for a
/// magnet's metadata, across monitor passes, with strikes that reset when progress resumes.
public struct StallDetector: Sendable {
    public struct Settings: Sendable, Equatable {
        /// No progress for this long is one strike.
        public var stallAfter: TimeInterval = 30 * 60
        public var strikes = 3
        /// Bytes per second below which a download is slow.
        public var minimumSpeed: Int64 = 100 * 1024
        /// Consecutive slow checks before it counts.
        public var slowChecks = 3

        public init() {}
    }

    struct Entry: Sendable {
        var done: Int64
        var lastChange: Date
        var strikes: Int
        var slowCount: Int
    }

    public var settings: Settings
    private var entries: [String: Entry] = [:]

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Looks at one pass's view of a job. - Returns: `.stalled`, `.metadataStuck` or `.slow` once it has earned it.
    /// - Parameters:
    ///   - clientPaused: the whole client is paused; nothing counts against its jobs.
    ///   - altSpeed: the client runs at its alternative (limited) speed; slowness is expected.
    public mutating func observe(_ item: DownloadItem, now: Date, clientPaused: Bool = false, altSpeed: Bool = false) -> FailureKind? {
        let key = "\(item.instance)/\(item.downloadId)"
        guard item.state == .downloading, !clientPaused else {
            entries[key] = nil
            return nil
        }
        let done = item.sizeBytes.flatMap { size in item.remainingBytes.map { size - $0 } } ?? Int64(item.progress * 1_000_000_000)
        guard var entry = entries[key] else {
            entries[key] = Entry(done: done, lastChange: now, strikes: 0, slowCount: 0)
            return nil
        }
        defer { entries[key] = entry }
        if done > entry.done {
            entry.done = done
            entry.lastChange = now
            entry.strikes = 0
            if let speed = item.signals.downloadSpeed, !altSpeed, speed < settings.minimumSpeed {
                entry.slowCount += 1
                if entry.slowCount >= settings.slowChecks { return .slow }
            } else {
                entry.slowCount = 0
            }
            return nil
        }
        guard now.timeIntervalSince(entry.lastChange) >= settings.stallAfter else { return nil }
        entry.strikes += 1
        entry.lastChange = now
        guard entry.strikes >= settings.strikes else { return nil }
        let waitingForMetadata = item.signals.hasMetadata == false || ["metaDL", "forcedMetaDL"].contains(item.signals.torrentState ?? "")
        return waitingForMetadata ? .metadataStuck : .stalled
    }

    /// Strikes so far for a job.
    public func strikes(instance: String, downloadId: String) -> Int { entries["\(instance)/\(downloadId)"]?.strikes ?? 0 }

    /// Forgets jobs no longer seen.
    public mutating func keep(only keys: Set<String>) {
        entries = entries.filter { keys.contains($0.key) }
    }
}
