import Foundation
import Synchronization

/// Per-key token buckets: each key may spend `capacity` requests at once, refilled at `perSecond`.
/// Used per client IP on the login and setup routes, where guessing passwords is the risk.
public final class RateLimiter: Sendable {
    /// The outcome of one request.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused; try again after this many seconds (rounded up).
        case limited(retryAfter: Int)
    }

    struct Bucket: Sendable {
        var tokens: Double
        var updated: Date
    }

    public let capacity: Double
    public let perSecond: Double
    /// At most this many keys are tracked; full buckets are forgotten first.
    let maximumKeys: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(capacity: Int, perMinute: Int, maximumKeys: Int = 10_000) {
        self.capacity = Double(capacity)
        self.perSecond = Double(perMinute) / 60
        self.maximumKeys = maximumKeys
    }

    /// Spends one token for the key, if it has one.
    public func check(_ key: String, now: Date = Date()) -> Decision {
        buckets.withLock { buckets in
            var bucket = buckets[key].map { refilled($0, now: now) } ?? Bucket(tokens: capacity, updated: now)
            defer {
                buckets[key] = bucket
                if buckets.count > maximumKeys { forgetFullBuckets(&buckets, now: now) }
            }
            guard bucket.tokens >= 1 else {
                return .limited(retryAfter: Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            return .allowed
        }
    }

    private func refilled(_ bucket: Bucket, now: Date) -> Bucket {
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        return Bucket(tokens: min(capacity, bucket.tokens + elapsed * perSecond), updated: now)
    }

    private func forgetFullBuckets(_ buckets: inout [String: Bucket], now: Date) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < capacity }
    }
}
