import Foundation
import Logging

/// Carries events to the activity log and to live subscribers (the WebSocket hub, metrics).
///
/// Every event is persisted before it is delivered, so a subscriber never sees an event the log lacks.
/// A subscriber whose buffer fills is dropped: a slow client can never hold up the bus.
public actor EventBus {
    /// A live feed of persisted events. The stream ends when the subscriber is dropped or unsubscribes.
    public struct Subscription: Sendable {
        public let id: UUID
        public let entries: AsyncStream<ActivityEntry>
    }

    private let store: any ActivityStore
    private let logger: Logger
    private let onPublish: @Sendable (Event) -> Void
    private var subscribers: [UUID: AsyncStream<ActivityEntry>.Continuation] = [:]

    /// - Parameters:
    ///   - store: where every event is persisted.
    ///   - logger: the bus's logger.
    ///   - onPublish: called synchronously for each persisted event (metrics counters); it must not block.
    public init(
        store: any ActivityStore, logger: Logger = Logger(label: "autoarr.events"),
        onPublish: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.store = store
        self.onPublish = onPublish
        var logger = logger
        logger[metadataKey: "component"] = "events"
        self.logger = logger
    }

    /// Persists the event and delivers it to every subscriber.
    /// - Returns: the stored entry, or nil when it could not be stored (the failure is logged).
    @discardableResult
    public func publish(_ event: Event) async -> ActivityEntry? {
        let entry: ActivityEntry
        do {
            entry = try await store.append(event)
        } catch {
            logger.error("could not persist event", metadata: ["type": "\(event.type.rawValue)", "error": "\(error)"])
            return nil
        }
        onPublish(event)
        for (id, continuation) in subscribers {
            if case .dropped = continuation.yield(entry) {
                logger.notice("dropping a slow subscriber", metadata: ["subscriber": "\(id)"])
                continuation.finish()
                subscribers[id] = nil
            }
        }
        return entry
    }

    /// Starts a live feed.
    /// - Parameter buffer: how many undelivered events a subscriber may lag behind before it is dropped;
    ///   nil for an in-process subscriber that must see everything.
    public func subscribe(buffer: Int? = 256) -> Subscription {
        let (stream, continuation) = AsyncStream<ActivityEntry>.makeStream(
            bufferingPolicy: buffer.map { .bufferingOldest($0) } ?? .unbounded)
        let id = UUID()
        subscribers[id] = continuation
        return Subscription(id: id, entries: stream)
    }

    /// Ends a feed.
    public func unsubscribe(_ id: UUID) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    /// How many live subscribers there are.
    public var subscriberCount: Int { subscribers.count }
}
