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

    /// Records a background poll (the download monitor): an unreachable instance backs off as a failed check does;
    /// an answer ends a backoff, but never replaces what the last connection test learned (its version).
    public func recordPoll(_ result: ConnectionResult) {
        switch result.error?.code {
        case .unreachable?, .timeout?:
            record(result)
        default:
            guard var status = statuses[result.name], status.backoff.consecutiveFailures > 0 else { return }
            status.backoff.recordSuccess()
            if let code = status.lastResult?.error?.code, code == .unreachable || code == .timeout { status.lastResult = result }
            statuses[result.name] = status
        }
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
