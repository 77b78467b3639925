import Foundation

/// Deletes activity older than the retention period, and says so in the log it prunes.
public struct ActivityRetention: Sendable {
    private let store: any ActivityStore
    private let bus: EventBus
    private let retentionDays: Int

    public init(store: any ActivityStore, bus: EventBus, retentionDays: Int) {
        self.store = store
        self.bus = bus
        self.retentionDays = retentionDays
    }

    /// Prunes once.
    /// - Parameter now: the current time.
    /// - Returns: how many entries were deleted.
    @discardableResult
    public func prune(now: Date = Date()) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Double(retentionDays) * 86400)
        let deleted = try await store.prune(before: cutoff)
        if deleted > 0 {
            await bus.publish(Event(
                .activityPruned, message: "Pruned \(deleted) activity entries older than \(retentionDays) days",
                data: ["deleted": .number(Double(deleted)), "retentionDays": .number(Double(retentionDays))]))
        }
        return deleted
    }
}
