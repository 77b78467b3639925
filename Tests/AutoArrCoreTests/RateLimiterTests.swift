import Foundation
import Testing
@testable import AutoArrCore

@Suite struct RateLimiterTests {
    @Test func allowsABurstThenRefillsOverTime() {
        let limiter = RateLimiter(capacity: 3, perMinute: 6)
        let start = Date(timeIntervalSince1970: 0)
        let burst = (0..<4).map { _ in limiter.check("ip", now: start) }
        #expect(burst == [.allowed, .allowed, .allowed, .limited(retryAfter: 10)])
        // One token every 10 s.
        #expect(limiter.check("ip", now: start.addingTimeInterval(5)) == .limited(retryAfter: 5))
        #expect(limiter.check("ip", now: start.addingTimeInterval(10)) == .allowed)
        #expect(limiter.check("ip", now: start.addingTimeInterval(10)) == .limited(retryAfter: 10))
    }

    @Test func keysAreIndependent() {
        let limiter = RateLimiter(capacity: 1, perMinute: 1)
        let now = Date()
        #expect(limiter.check("a", now: now) == .allowed)
        #expect(limiter.check("b", now: now) == .allowed)
        #expect(limiter.check("a", now: now) != .allowed)
    }

    @Test func forgetsIdleKeysPastItsBound() {
        let limiter = RateLimiter(capacity: 1, perMinute: 60, maximumKeys: 2)
        let start = Date(timeIntervalSince1970: 0)
        _ = limiter.check("a", now: start)
        _ = limiter.check("b", now: start)
        // Much later both have refilled; adding a third forgets them, and "a" starts afresh.
        _ = limiter.check("c", now: start.addingTimeInterval(60))
        #expect(limiter.check("a", now: start.addingTimeInterval(60)) == .allowed)
    }
}
