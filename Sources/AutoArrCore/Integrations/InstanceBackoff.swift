import Foundation

/// Escalating backoff for an unreachable instance, like the *arrs' provider status:
/// after each consecutive failure the next attempt waits 0, 1 min, 5 min, 15 min, 30 min, then 1 h.
public struct InstanceBackoff: Sendable, Equatable {
    /// The waits after the 1st, 2nd, … consecutive failure; the last repeats.
    public static let steps: [TimeInterval] = [0, 60, 300, 900, 1800, 3600]

    public private(set) var consecutiveFailures = 0
    /// When the next attempt may be made; nil while healthy.
    public private(set) var retryAfter: Date?

    public init() {}

    /// Whether an attempt may be made now.
    public func allowsAttempt(at now: Date) -> Bool {
        retryAfter.map { now >= $0 } ?? true
    }

    /// Records a failure that counts toward backoff (the instance was unreachable or timed out).
    public mutating func recordFailure(at now: Date) {
        let wait = Self.steps[min(consecutiveFailures, Self.steps.count - 1)]
        consecutiveFailures += 1
        retryAfter = now.addingTimeInterval(wait)
    }

    /// Records a success: the instance is healthy again.
    public mutating func recordSuccess() {
        consecutiveFailures = 0
        retryAfter = nil
    }
}
