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
        /// The round it was last observed in.
        var round = 0

        mutating func observe(done: Int64, of item: DownloadItem, now: Date, altSpeed: Bool, round: Int, settings: Settings) -> FailureKind? {
            self.round = round
            if done > self.done {
                self.done = done
                lastChange = now
                strikes = 0
                if let speed = item.signals.downloadSpeed, !altSpeed, speed < settings.minimumSpeed {
                    slowCount += 1
                    if slowCount >= settings.slowChecks { return .slow }
                } else {
                    slowCount = 0
                }
                return nil
            }
            guard now.timeIntervalSince(lastChange) >= settings.stallAfter else { return nil }
            strikes += 1
            lastChange = now
            guard strikes >= settings.strikes else { return nil }
            let waitingForMetadata = item.signals.hasMetadata == false || ["metaDL", "forcedMetaDL"].contains(item.signals.torrentState ?? "")
            return waitingForMetadata ? .metadataStuck : .stalled
        }
    }

    public var settings: Settings
    private var entries: [DownloadKey: Entry] = [:]
    private var round = 0

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Looks at one pass's view of a job. - Returns: `.stalled`, `.metadataStuck` or `.slow` once it has earned it.
    /// - Parameters:
    ///   - clientPaused: the whole client is paused; nothing counts against its jobs.
    ///   - altSpeed: the client runs at its alternative (limited) speed; slowness is expected.
    public mutating func observe(_ item: DownloadItem, now: Date, clientPaused: Bool = false, altSpeed: Bool = false) -> FailureKind? {
        let key = item.key
        guard item.state == .downloading, !clientPaused else {
            entries[key] = nil
            return nil
        }
        let done = item.sizeBytes.flatMap { size in item.remainingBytes.map { size - $0 } } ?? Int64(item.progress * 1_000_000_000)
        guard let slot = entries.index(forKey: key) else {
            entries[key] = Entry(done: done, lastChange: now, strikes: 0, slowCount: 0, round: round)
            return nil
        }
        // Changed where it is: one lookup per job and pass.
        return entries.values[slot].observe(done: done, of: item, now: now, altSpeed: altSpeed, round: round, settings: settings)
    }

    /// Strikes so far for a job.
    public func strikes(instance: String, downloadId: String) -> Int { entries[DownloadKey(instance: instance, downloadId: downloadId)]?.strikes ?? 0 }

    /// Ends a round of observations (a monitor pass): forgets the jobs it did not see.
    public mutating func endRound() {
        if entries.values.contains(where: { $0.round != round }) { entries = entries.filter { $0.value.round == round } }
        round += 1
    }
}

/// One job in one client.
public struct DownloadKey: Hashable, Sendable {
    public var instance: String
    public var downloadId: String
}

extension DownloadItem {
    var key: DownloadKey { DownloadKey(instance: instance, downloadId: downloadId) }
}
