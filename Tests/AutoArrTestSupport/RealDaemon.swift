import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A real download-client daemon (NZBGet, SABnzbd, qBittorrent, Transmission) started on 127.0.0.1 for a test,
/// configured before its first start so it never leaves loopback, and stopped by its PID afterwards.
public final class RealDaemon: Sendable {
    public let url: URL
    public let username: String
    public let password: String
    /// SABnzbd's API key.
    public let apiKey: String?
    private let process: ChildProcess
    /// The daemon's own directory: its config and data.
    public let directory: URL

    init(process: ChildProcess, directory: URL, url: URL, username: String = "", password: String = "", apiKey: String? = nil) {
        self.process = process
        self.directory = directory
        self.url = url
        self.username = username
        self.password = password
        self.apiKey = apiKey
    }

    /// Stops the daemon by its PID and removes its files.
    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` against a freshly started daemon, stopping it whatever happens.
    /// - Parameter newsServerPort: for the Usenet clients, the news server to use (see `FailingNewsServer`).
    public static func with(_ kind: Kind, newsServerPort: Int? = nil, _ body: (RealDaemon) async throws -> Void) async throws {
        let daemon = try await start(kind, newsServerPort: newsServerPort)
        do {
            try await body(daemon)
        } catch {
            daemon.stop()
            throw error
        }
        daemon.stop()
    }

    public enum Kind: String, Sendable {
        case nzbget, sabnzbd, qbittorrent, transmission

        var binary: String {
            switch self {
            case .nzbget: "/usr/bin/nzbget"
            case .sabnzbd: "/usr/bin/sabnzbdplus"
            case .qbittorrent: "/usr/bin/qbittorrent-nox"
            case .transmission: "/usr/bin/transmission-daemon"
            }
        }
    }

    /// Why a daemon could not be started; says how to install it.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    static func start(_ kind: Kind, newsServerPort: Int?) async throws -> RealDaemon {
        guard FileManager.default.isExecutableFile(atPath: kind.binary) else {
            throw Unavailable(description: """
                \(kind.binary) is missing: the real-daemon tests need Debian's nzbget, sabnzbdplus (contrib), qbittorrent-nox and \
                transmission-daemon. Run scripts/test as root to install them (sabnzbdplus needs the contrib component).
                """)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("autoarr-\(kind.rawValue)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let port = try freePort()
        let process = ChildProcess(path: kind.binary)
        let base = URL(string: "http://127.0.0.1:\(port)")!
        let daemon: RealDaemon
        switch kind {
        case .nzbget:
            let template = try String(contentsOfFile: "/etc/nzbget.conf", encoding: .utf8)
            let config = set(template, [
                "MainDir": directory.path, "ControlIP": "127.0.0.1", "ControlPort": "\(port)", "ControlUsername": "nzbget",
                "ControlPassword": "testpass", "Server1.Host": "127.0.0.1", "Server1.Port": "\(newsServerPort ?? 1)",
                "Server1.Username": "", "Server1.Password": "", "OutputMode": "loggable", "UpdateCheck": "none",
                "ArticleRetries": "1", "ArticleInterval": "1", "ArticleTimeout": "5",
            ])
            try config.write(to: directory.appendingPathComponent("nzbget.conf"), atomically: true, encoding: .utf8)
            // -s: server mode in the foreground, so the PID is the child's.
            process.arguments = ["-c", directory.appendingPathComponent("nzbget.conf").path, "-s"]
            daemon = RealDaemon(process: process, directory: directory, url: base, username: "nzbget", password: "testpass")
        case .sabnzbd:
            let key = "0123456789abcdef0123456789abcdef"
            try """
                [misc]
                host = 127.0.0.1
                port = \(port)
                api_key = \(key)
                nzb_key = fedcba9876543210fedcba9876543210
                check_new_rel = 0
                auto_browser = 0
                selftest_host = ""
                download_dir = \(directory.path)/incomplete
                complete_dir = \(directory.path)/complete
                [servers]
                \(newsServerPort.map { "[[fakenntp]]\nname = fakenntp\nhost = 127.0.0.1\nport = \($0)\nconnections = 2\nssl = 0\nenable = 1" } ?? "")
                [categories]
                [[*]]
                name = *
                pp = 3
                script = None
                """.write(to: directory.appendingPathComponent("sabnzbd.ini"), atomically: true, encoding: .utf8)
            process.arguments = ["-f", directory.appendingPathComponent("sabnzbd.ini").path, "-s", "127.0.0.1:\(port)", "-b", "0"]
            daemon = RealDaemon(process: process, directory: directory, url: base.appendingPathComponent("sabnzbd"), apiKey: key)
        case .qbittorrent:
            let config = directory.appendingPathComponent("qBittorrent/config")
            try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
            // 4.5.2 keeps the default admin/adminadmin login when no password hash is configured.
            try """
                [LegalNotice]
                Accepted=true
                [BitTorrent]
                Session\\DefaultSavePath=\(directory.path)/dl
                Session\\Interface=lo
                Session\\InterfaceName=lo
                Session\\InterfaceAddress=127.0.0.1
                Session\\Port=\(try freePort())
                Session\\DHTEnabled=false
                Session\\PeXEnabled=false
                Session\\LSDEnabled=false
                [Preferences]
                Connection\\UPnP=false
                WebUI\\Address=127.0.0.1
                WebUI\\Port=\(port)
                WebUI\\Username=admin
                """.write(to: config.appendingPathComponent("qBittorrent.conf"), atomically: true, encoding: .utf8)
            process.arguments = ["--profile=\(directory.path)"]
            daemon = RealDaemon(process: process, directory: directory, url: base, username: "admin", password: "adminadmin")
        case .transmission:
            try """
                {"bind-address-ipv4":"127.0.0.1","bind-address-ipv6":"::1","dht-enabled":false,"lpd-enabled":false,"pex-enabled":false,
                 "utp-enabled":false,"port-forwarding-enabled":false,"peer-port":\(try freePort()),"download-dir":"\(directory.path)/dl",
                 "rpc-enabled":true,"rpc-bind-address":"127.0.0.1","rpc-port":\(port),"rpc-authentication-required":true,
                 "rpc-username":"transmission","rpc-password":"testpass123","rpc-whitelist-enabled":true,"rpc-whitelist":"127.0.0.1"}
                """.write(to: directory.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
            process.arguments = ["-f", "-g", directory.path]
            daemon = RealDaemon(process: process, directory: directory, url: base, username: "transmission", password: "testpass123")
        }
        try process.start()
        do {
            try await waitForPort(port, process: process, name: kind.rawValue)
        } catch {
            daemon.stop()
            throw error
        }
        return daemon
    }

    /// Replaces `Key=value` lines in an NZBGet config.
    private static func set(_ config: String, _ values: [String: String]) -> String {
        config.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let key = line.split(separator: "=", maxSplits: 1).first.map(String.init), let value = values[key] else { return String(line) }
            return "\(key)=\(value)"
        }.joined(separator: "\n")
    }

    /// A loopback port nothing listens on, never handed out twice in this process.
    ///
    /// Taken from below the kernel's ephemeral range (32768–60999), so no port-0 bind elsewhere in the tests
    /// can take it between now and the daemon binding it; a port the kernel gave out and took back could be
    /// given again to a concurrently starting test, and two daemons would then share it.
    public static func freePort() throws -> Int {
        try nextPort.withLock { next in
            while next < 32768 {
                let candidate = next
                next += 1
                if canBind(candidate) { return candidate }
            }
            throw Unavailable(description: "no free loopback port left below 32768")
        }
    }

    private static let nextPort = Mutex(20_000 + Int(getpid() % 100) * 100)

    private static func canBind(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    static func waitForPort(_ port: Int, process: ChildProcess, name: String) async throws {
        for _ in 0..<150 {
            guard process.isRunning else { throw Unavailable(description: "\(name) exited at start") }
            if canConnect(port) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Unavailable(description: "\(name) did not open 127.0.0.1:\(port) within 15 s")
    }

    private static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
