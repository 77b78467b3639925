import Foundation

/// Runs blocking work (waiting for a child process) on its own thread, so it never holds one of the few
/// cooperative threads that in-process fake services need to answer that very child.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
