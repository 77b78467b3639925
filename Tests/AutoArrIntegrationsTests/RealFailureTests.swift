import AutoArrCore
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// Jobs that really fail in the real NZBGet and SABnzbd (every article answered 430 by a local news server),
/// and the recovery actions on them.
@Suite(.serialized) struct RealFailureTests {
    static let transport = HTTPTransport(retryBase: .milliseconds(100))

    @Test func nzbgetFailedJobRedownloadAndMarkBad() async throws {
        try await FailingNewsServer.with { news in
            try await RealDaemon.with(.nzbget, newsServerPort: news.port) { daemon in
                let client = NZBGetClient(transport: Self.transport, instance: ServiceInstance(
                    name: "nzbget", kind: .nzbget, url: daemon.url, credentials: .init(username: daemon.username, password: daemon.password), timeout: 5))
                let id = try await client.append(filename: "Broken.Movie.2023.1080p-TEST.nzb", nzb: TestNZB.make(name: "Broken.Movie.2023"), category: "Movies")
                let failed = try await RealUsenetActionTests.eventually("the failure", seconds: 30) {
                    try await client.history().first { $0.downloadId == String(id) && $0.state == .failed }
                }
                #expect(failed.clientStatus.hasPrefix("FAILURE/"))
                #expect(FailureClassifier.classify(failed) == .missingArticles, "\(failed.signals)")
                #expect(try await client.log(of: id).isEmpty == false)

                try await client.edit(.historyRedownload, ids: [id])
                _ = try await RealUsenetActionTests.eventually("the failure again", seconds: 30) {
                    try await client.history().first { $0.downloadId == String(id) && $0.state == .failed }
                }
                try await client.edit(.historyMarkBad, ids: [id])
            }
        }
    }

    @Test func sabnzbdFailedJobRetryAndDelete() async throws {
        try await FailingNewsServer.with { news in
            try await RealDaemon.with(.sabnzbd, newsServerPort: news.port) { daemon in
                let client = SABnzbdClient(transport: Self.transport, instance: ServiceInstance(
                    name: "sab", kind: .sabnzbd, url: daemon.url, credentials: .init(apiKey: daemon.apiKey), timeout: 5))
                let id = try await client.addFile(named: "Broken.Show.S01E01.720p-TEST.nzb", nzb: TestNZB.make(name: "Broken.Show.S01E01"), category: nil)
                let failed = try await RealUsenetActionTests.eventually("the failure", seconds: 60) {
                    try await client.history(failedOnly: true).first { $0.downloadId == id && $0.state == .failed }
                }
                #expect(failed.state == .failed)
                #expect(failed.failureMessage?.contains("Not on your server") == true)
                #expect(FailureClassifier.classify(failed) == .missingArticles)

                // SABnzbd lists a failed job a moment before it can retry it ("item does not exist").
                let retried = try await RealUsenetActionTests.eventually("the retry") { try? await client.retry(id) }
                #expect(retried != id)
                let again = try await RealUsenetActionTests.eventually("the retried failure", seconds: 60) {
                    try await client.history(failedOnly: true).first { $0.downloadId == retried && $0.state == .failed }
                }
                try await client.deleteFromHistory(again.downloadId, deleteFiles: true)
                let remaining = try await client.history().filter { $0.downloadId == again.downloadId }
                #expect(remaining.isEmpty)
            }
        }
    }
}
