import AutoArrCore
import Logging
import ServiceLifecycle

/// Prunes old activity and expired sessions at startup and every six hours, until graceful shutdown.
struct RetentionService: Service {
    let retention: ActivityRetention
    let auth: AuthService
    let logger: Logger
    var interval: Duration = .seconds(6 * 3600)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await retention.prune()
                    _ = try await auth.pruneSessions()
                } catch {
                    logger.error("pruning failed; will retry", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
