import AutoArrCore
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// The probes against the real daemons from Debian, on 127.0.0.1. Missing daemons fail these tests, loudly.
@Suite(.serialized) struct RealDaemonTests {
    static let probe = IntegrationProbe(transport: HTTPTransport(retryBase: .milliseconds(50)))

    static func instance(_ kind: ServiceKind, _ daemon: RealDaemon, _ credentials: ServiceCredentials) -> ServiceInstance {
        ServiceInstance(name: kind.rawValue, kind: kind, url: daemon.url, credentials: credentials, timeout: 5)
    }

    static func code(_ kind: ServiceKind, _ daemon: RealDaemon, _ credentials: ServiceCredentials) async -> IntegrationError.Code? {
        do {
            _ = try await probe.version(of: instance(kind, daemon, credentials))
            return nil
        } catch {
            return (error as? IntegrationError)?.code
        }
    }

    @Test func nzbget() async throws {
        try await RealDaemon.with(.nzbget) { daemon in
            let version = try await Self.probe.version(of: Self.instance(.nzbget, daemon, .init(username: daemon.username, password: daemon.password)))
            #expect(version == "21.0")
            #expect(await Self.code(.nzbget, daemon, .init(username: daemon.username, password: "wrong")) == .unauthorized)
            let client = NZBGetClient(transport: Self.probe.transport, instance: Self.instance(.nzbget, daemon, .init(username: daemon.username, password: daemon.password)))
            let queue = try await client.queue()
            let history = try await client.history()
            #expect(queue.isEmpty && history.isEmpty)
        }
    }

    @Test func sabnzbd() async throws {
        try await RealDaemon.with(.sabnzbd) { daemon in
            let version = try await Self.probe.version(of: Self.instance(.sabnzbd, daemon, .init(apiKey: daemon.apiKey)))
            #expect(version == "3.7.1")
            #expect(await Self.code(.sabnzbd, daemon, .init(apiKey: "wrong")) == .unauthorized)
            let client = SABnzbdClient(transport: Self.probe.transport, instance: Self.instance(.sabnzbd, daemon, .init(apiKey: daemon.apiKey)))
            let queue = try await client.queue()
            let history = try await client.history(failedOnly: true)
            #expect(queue.isEmpty && history.isEmpty)
        }
    }

    @Test func qbittorrent() async throws {
        try await RealDaemon.with(.qbittorrent) { daemon in
            let version = try await Self.probe.version(of: Self.instance(.qbittorrent, daemon, .init(username: daemon.username, password: daemon.password)))
            #expect(version == "v4.5.2")
            #expect(await Self.code(.qbittorrent, daemon, .init(username: daemon.username, password: "wrong")) == .unauthorized)
            let client = QBittorrentClient(transport: Self.probe.transport, instance: Self.instance(.qbittorrent, daemon, .init(username: daemon.username, password: daemon.password)))
            let torrents = try await client.torrents()
            #expect(torrents.isEmpty)
        }
    }

    @Test func transmission() async throws {
        try await RealDaemon.with(.transmission) { daemon in
            let version = try await Self.probe.version(of: Self.instance(.transmission, daemon, .init(username: daemon.username, password: daemon.password)))
            #expect(version.hasPrefix("3.00"))
            #expect(await Self.code(.transmission, daemon, .init(username: daemon.username, password: "wrong")) == .unauthorized)
            let client = TransmissionClient(transport: Self.probe.transport, instance: Self.instance(.transmission, daemon, .init(username: daemon.username, password: daemon.password)))
            let torrents = try await client.torrents()
            #expect(torrents.isEmpty)
        }
    }
}
