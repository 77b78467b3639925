import AutoArrCore
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// Job and config actions against the real NZBGet and SABnzbd.
@Suite(.serialized) struct RealUsenetActionTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(100))

    /// Polls every 100 ms until `probe` gives a value, for at most `seconds`.
    static func eventually<T>(_ what: String, seconds: Int = 10, _ probe: () async throws -> T?) async throws -> T {
        for _ in 0..<(seconds * 10) {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RealDaemon.Unavailable(description: "timed out waiting for \(what)")
    }

    @Test func sabnzbdJobLifecycleAndConfig() async throws {
        try await RealDaemon.with(.sabnzbd) { daemon in
            let client = SABnzbdClient(transport: Self.transport, instance: ServiceInstance(
                name: "sab", kind: .sabnzbd, url: daemon.url, credentials: .init(apiKey: daemon.apiKey), timeout: 5))
            let id = try await client.addFile(named: "Real.Show.S01E01.720p-TEST.nzb", nzb: TestNZB.make(name: "Real.Show.S01E01"), category: nil, paused: true)
            let paused = try await Self.eventually("the paused job") { try await client.queue().first { $0.downloadId == id } }
            #expect(paused.state == .paused)
            try await client.resume(id)
            _ = try await Self.eventually("the job to resume") { try await client.queue().first { $0.downloadId == id && $0.state != .paused } }
            try await client.pause(id)
            _ = try await Self.eventually("the job to pause") { try await client.queue().first { $0.downloadId == id && $0.state == .paused } }
            try await client.pauseQueue()
            try await client.resumeQueue()
            try await client.deleteFromQueue(id, deleteFiles: true)
            _ = try await Self.eventually("the queue to empty") { try await client.queue().isEmpty ? true : nil }

            #expect(try await client.categories().contains("*"))
            _ = try await client.warnings()
            try await client.setConfig(section: "misc", keyword: "cache_limit", values: ["value": "512M"])
            let misc = try await client.config(section: "misc")
            guard case .object(let config) = misc, case .object(let section)? = config["misc"] else {
                Issue.record("unexpected config shape: \(misc)")
                return
            }
            #expect(section["cache_limit"] == "512M")
            guard case .object = try await client.fullStatus() else {
                Issue.record("fullstatus is not an object")
                return
            }
        }
    }

    @Test func nzbgetJobLifecycleAndConfig() async throws {
        try await RealDaemon.with(.nzbget) { daemon in
            let client = NZBGetClient(transport: Self.transport, instance: ServiceInstance(
                name: "nzbget", kind: .nzbget, url: daemon.url, credentials: .init(username: daemon.username, password: daemon.password), timeout: 5))
            let id = try await client.append(filename: "Real.Movie.2024.1080p-TEST.nzb", nzb: TestNZB.make(name: "Real.Movie.2024"), category: "Movies", paused: true)
            let queued = try await Self.eventually("the paused job") { try await client.queue().first { $0.downloadId == String(id) } }
            #expect(queued.state == .paused)
            #expect(queued.category == "Movies")
            try await client.edit(.groupResume, ids: [id])
            try await client.edit(.groupPause, ids: [id])
            try await client.edit(.groupDelete, ids: [id])
            let deleted = try await Self.eventually("the deleted job in history") { try await client.history().first { $0.downloadId == String(id) } }
            #expect(deleted.state == .removed)
            #expect(deleted.clientStatus == "DELETED/MANUAL")
            try await client.edit(.historyDelete, ids: [id])
            await #expect(throws: IntegrationError.self) { try await client.edit(.groupPause, ids: [999_999]) }

            guard case .object(let status) = try await client.status() else {
                Issue.record("status is not an object")
                return
            }
            #expect(status["DownloadPaused"] != nil)
            #expect(try await client.config().contains { $0.Name == "ControlPort" })
            try await client.setConfig(["ArticleRetries": "2"])
            let saved = try String(contentsOfFile: daemon.directory.appendingPathComponent("nzbget.conf").path, encoding: .utf8)
            #expect(saved.split(separator: "\n").contains("ArticleRetries=2"))
            #expect(saved.split(separator: "\n").contains("ControlPort=\(daemon.url.port!)"))
            // reload restarts NZBGet's internals; the RPC may refuse for a moment.
            let retries = try await Self.eventually("the reloaded config") {
                try? await client.config().first { $0.Name == "ArticleRetries" && $0.Value == "2" }
            }
            #expect(retries.Value == "2")
        }
    }
}
