import Foundation

/// A local NNTP server that answers "430 No Such Article" to every article, so Usenet jobs really fail.
public final class FailingNewsServer: Sendable {
    public let port: Int
    private let process: ChildProcess

    private init(port: Int, process: ChildProcess) {
        self.port = port
        self.process = process
    }

    /// Runs `body` with a server on 127.0.0.1, stopping it by its PID afterwards.
    public static func with(_ body: (FailingNewsServer) async throws -> Void) async throws {
        let port = try RealDaemon.freePort()
        let script = Bundle.module.resourceURL!.appendingPathComponent("nntp_430.py").path
        let process = ChildProcess(path: "/usr/bin/python3")
        process.arguments = [script, String(port)]
        try process.start()
        let server = FailingNewsServer(port: port, process: process)
        do {
            try await RealDaemon.waitForPort(port, process: process, name: "the NNTP server")
            try await body(server)
        } catch {
            process.stop()
            throw error
        }
        process.stop()
    }
}
