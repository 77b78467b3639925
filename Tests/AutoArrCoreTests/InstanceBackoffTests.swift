import Foundation
import Testing
@testable import AutoArrCore

@Suite struct InstanceBackoffTests {
    @Test func escalatesThroughTheStepsThenHolds() {
        var backoff = InstanceBackoff()
        let start = Date(timeIntervalSince1970: 0)
        var waits: [TimeInterval] = []
        for _ in 0..<8 {
            backoff.recordFailure(at: start)
            waits.append(backoff.retryAfter!.timeIntervalSince(start))
        }
        #expect(waits == [0, 60, 300, 900, 1800, 3600, 3600, 3600])
        #expect(!backoff.allowsAttempt(at: start.addingTimeInterval(3599)))
        #expect(backoff.allowsAttempt(at: start.addingTimeInterval(3600)))
    }

    @Test func aSuccessResets() {
        var backoff = InstanceBackoff()
        let now = Date()
        backoff.recordFailure(at: now)
        backoff.recordFailure(at: now)
        backoff.recordSuccess()
        #expect(backoff.consecutiveFailures == 0)
        #expect(backoff.allowsAttempt(at: now))
        backoff.recordFailure(at: now)
        #expect(backoff.retryAfter == now)
    }
}
