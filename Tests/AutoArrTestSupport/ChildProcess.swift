import Foundation
import Synchronization

/// A child process started with `posix_spawn` and reaped by us, so stopping it by its PID is prompt and certain.
/// (Foundation's `Process` on Linux did not notice a daemon's exit for seconds when its caller was busy.)
public final class ChildProcess: Sendable {
    let path: String
    private let state = Mutex<(arguments: [String], pid: pid_t?)>(([], nil))

    public init(path: String) {
        self.path = path
    }

    public var arguments: [String] {
        get { state.withLock { $0.arguments } }
        set { state.withLock { $0.arguments = newValue } }
    }

    /// Starts the program with standard input, output and error on /dev/null.
    public func start() throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in 0...2 { posix_spawn_file_actions_addopen(&actions, Int32(fd), "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        // The test process ignores or blocks SIGTERM (swift-service-lifecycle handles it itself), and a child
        // inherits both through exec; restore the defaults so the daemon can be stopped by its PID.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else { throw RealDaemon.Unavailable(description: "cannot start \(path): errno \(status)") }
        state.withLock { $0.pid = pid }
    }

    /// Whether the child has not exited yet (reaping it if it has).
    public var isRunning: Bool {
        state.withLock { state in
            guard let pid = state.pid else { return false }
            var status: Int32 = 0
            switch waitpid(pid, &status, WNOHANG) {
            case 0: return true
            case pid:
                state.pid = nil
                return false
            default:
                // Not waitable (reaped elsewhere): it runs as long as the PID exists.
                if kill(pid, 0) == 0 { return true }
                state.pid = nil
                return false
            }
        }
    }

    /// SIGKILL, as `kill -9` or a crash would end it; reaps it.
    public func kill9() {
        guard let pid = state.withLock({ $0.pid }) else { return }
        kill(pid, SIGKILL)
        let deadline = Date().addingTimeInterval(2)
        while isRunning, Date() < deadline { usleep(20_000) }
    }

    /// SIGTERM, then SIGKILL if it is still running after 5 s; always reaps.
    public func stop() {
        guard let pid = state.withLock({ $0.pid }) else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while isRunning, Date() < deadline { usleep(20_000) }
        if isRunning {
            kill(pid, SIGKILL)
            let killDeadline = Date().addingTimeInterval(2)
            while isRunning, Date() < killDeadline { usleep(20_000) }
        }
    }
}
