import Foundation

/// What AutoArr last learned about each instance's connection, and its backoff. Read by `/health/ready`.
public actor InstanceHealth {
    /// One instance's state.
    public struct Status: Sendable, Equatable {
        public var lastResult: ConnectionResult?
        public var backoff = InstanceBackoff()
    }

    private var statuses: [String: Status] = [:]

    public init() {}

    /// Records a check: unreachable and timeout escalate the backoff; any answer resets it.
    public func record(_ result: ConnectionResult) {
        var status = statuses[result.name] ?? Status()
        status.lastResult = result
        switch result.error?.code {
        case .unreachable?, .timeout?: status.backoff.recordFailure(at: result.checkedAt)
        default: status.backoff.recordSuccess()
        }
        statuses[result.name] = status
    }

    /// Whether an instance may be contacted now.
    public func allowsAttempt(_ name: String, at now: Date = Date()) -> Bool {
        statuses[name]?.backoff.allowsAttempt(at: now) ?? true
    }

    public func status(of name: String) -> Status? {
        statuses[name]
    }

    /// Forgets an instance (it was removed or replaced).
    public func forget(_ name: String) {
        statuses[name] = nil
    }
}
