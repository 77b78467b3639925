import AutoArrCore
import ServiceLifecycle

/// Follows requests under way (added, searching, downloading) through their *arr to "available".
struct RequestTracker: Service {
    let requests: RequestService
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                await requests.trackAll()
            }
        }
    }
}

/// Runs a monitor pass every `interval`, and every `fastInterval` for two minutes after something changed.
struct DownloadMonitorService: Service {
    let monitor: DownloadMonitor
    let interval: Duration
    let fastInterval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var fastUntil = ContinuousClock.now
            while !Task.isCancelled {
                let report = await monitor.pass()
                if report.changed { fastUntil = .now + .seconds(120) }
                try? await Task.sleep(for: ContinuousClock.now < fastUntil ? fastInterval : interval)
            }
        }
    }
}
