import AutoArrCore
import AutoArrIntegrations
import Logging
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

/// Tells a person's webhook when recovery gives up on a download (the notification hook).
struct RecoveryNotifier: Service {
    let bus: EventBus
    let webhook: Webhook
    let logger: Logger

    func run() async throws {
        let subscription = await bus.subscribe()
        await cancelWhenGracefulShutdown {
            for await entry in subscription.entries where entry.event.type == .recoveryGaveUp {
                let event = entry.event
                let body: JSONValue = [
                    "type": .string(event.type.rawValue), "message": .string(event.message), "correlationId": .string(event.correlationId),
                    "instance": event.instance.map(JSONValue.string) ?? .null, "timestamp": .string(ISO8601Timestamp.format(event.timestamp)),
                    "data": .object(event.data),
                ]
                do {
                    let status = try await webhook.post(body)
                    if !(200..<300).contains(status) { logger.warning("the notification webhook answered HTTP \(status)") }
                } catch {
                    logger.warning("the notification webhook could not be reached: \(error)")
                }
            }
        }
        await bus.unsubscribe(subscription.id)
    }
}
