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
