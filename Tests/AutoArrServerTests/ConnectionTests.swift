import AutoArrApp
import AutoArrCore
import AutoArrTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AutoArrServer

/// Connection tests through the API, with the real clients against a fake Sonarr on loopback.
@Suite struct ConnectionTests {
    static func fakeSonarr(_ router: Router<BasicRequestContext>) {
        router.get("api/v3/system/status") { request, _ in
            request.headers[.init("X-Api-Key")!] == "sonarr-key" ? FakeService.json(FakeService.fixture("sonarr/pyarr_system_status.json"))
                : FakeService.text("", status: .unauthorized)
        }
    }

    @Test func testingAnInstanceReportsVersionOrError() async throws {
        let deadPort = try RealDaemon.freePort()
        try await FakeService.run(Self.fakeSonarr) { sonarrURL in
            let instances = [
                ServiceInstance(name: "sonarr", kind: .sonarr, url: sonarrURL, credentials: .init(apiKey: "sonarr-key"), timeout: 10, source: .config),
                ServiceInstance(name: "sonarr-bad-key", kind: .sonarr, url: sonarrURL, credentials: .init(apiKey: "nope"), timeout: 10, source: .config),
                ServiceInstance(
                    name: "radarr", kind: .radarr, url: URL(string: "http://127.0.0.1:\(deadPort)")!, credentials: .init(apiKey: "k"),
                    timeout: 10, source: .config),
            ]
            try await TestApp(services: instances).run { client, app in
                let key = Caller.key(try await app.apiKey)
                let ok = try await client.send(.post, "/api/v1/services/sonarr/test", as: key).object
                #expect(ok["status"] as? String == "ok")
                #expect(ok["version"] as? String == "3.0.8.1507")
                #expect(ok["latencyMs"] as? Double != nil)

                let badKey = try await client.send(.post, "/api/v1/services/sonarr-bad-key/test", as: key).object
                #expect(badKey["status"] as? String == "failed")
                #expect((badKey["error"] as? [String: Any])?["code"] as? String == "unauthorized")

                let missing = try await client.send(.post, "/api/v1/services/nope/test", as: key)
                #expect(missing.status == .notFound)

                // Unreachable twice: the second failure starts a one-minute backoff, shown by readiness.
                for _ in 0..<2 { try await client.send(.post, "/api/v1/services/radarr/test", as: key) }
                let ready = try await client.send(.get, "/api/v1/health/ready").object
                let byName = Dictionary(uniqueKeysWithValues: (ready["instances"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) })
                #expect(byName["sonarr"]?["status"] as? String == "ok")
                #expect(byName["sonarr"]?["version"] as? String == "3.0.8.1507")
                #expect(byName["sonarr-bad-key"]?["status"] as? String == "failed")
                #expect(byName["radarr"]?["status"] as? String == "backoff")
                #expect(byName["radarr"]?["consecutiveFailures"] as? Int == 2)
                #expect(byName["radarr"]?["retryAfter"] as? String != nil)

                // Events mark changes only: one unreachable event for two failures.
                let events = try await client.send(.get, "/api/v1/activity?instance=radarr", as: key).object["items"] as? [[String: Any]]
                #expect(events?.compactMap { $0["type"] as? String } == ["service.unreachable"])
            }
        }
    }

    @Test func checkPrintsATableAndFailsWhenAnyInstanceFails() async throws {
        let deadPort = try RealDaemon.freePort()
        try await FakeService.run(Self.fakeSonarr) { sonarrURL in
            let dataDir = TestApp.temporaryDirectory()
            try """
                services:
                  - name: sonarr
                    kind: sonarr
                    url: \(sonarrURL.absoluteString)
                    apiKey: sonarr-key
                """.write(toFile: "\(dataDir)/autoarr.yml", atomically: true, encoding: .utf8)
            let good = try await CLITests.run(["check", "--data-dir", dataDir])
            #expect(good.status == 0, "\(good.stderr)")
            #expect(good.stdout.contains("sonarr"))
            #expect(good.stdout.contains("3.0.8.1507"))
            #expect(!good.stdout.contains("sonarr-key"))

            let json = try await CLITests.run(["check", "--json", "--data-dir", dataDir], environment: ["RADARR_URL": "http://127.0.0.1:\(deadPort)", "RADARR_API_KEY": "k"])
            #expect(json.status == 1)
            let results = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(results.map { $0["name"] as? String } == ["radarr", "sonarr"])
            #expect((results[0]["error"] as? [String: Any])?["code"] as? String == "unreachable")
            #expect(results[1]["status"] as? String == "ok")
        }
    }
}
