import AutoArrApp
import AutoArrCore
import Foundation
import HummingbirdTesting
import Testing
@testable import AutoArrServer

@Suite struct RestartTests {
    @Test func dataSurvivesARestartOfTheWholeApp() async throws {
        let dataDir = TestApp.temporaryDirectory()
        let (key, token) = try await TestApp(dataDir: dataDir).runReturning { client, app in
            let key = try await app.apiKey
            try await client.send(.post, "/api/v1/services", as: .key(key), json: ServicesAPITests.sonarr)
            let setup = try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"admin","password":"correct horse"}"#)
            return (key, try #require(setup.sessionToken))
        }
        try await TestApp(dataDir: dataDir).run { client, app in
            #expect(try await app.apiKey == key)
            let service = try await client.send(.get, "/api/v1/services/sonarr-4k", as: .key(key))
            #expect(service.status == .ok)
            #expect(try await app.services.instance(named: "sonarr-4k").credentials.apiKey == "s3cret-key")
            #expect(try await client.send(.get, "/api/v1/auth/me", as: .cookie(token)).status == .ok)
            #expect(try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"x","password":"0123456789"}"#).status == .conflict)
            let types = (try await client.send(.get, "/api/v1/activity?limit=500", as: .key(key)).object["items"] as? [[String: Any]])?
                .compactMap { $0["type"] as? String } ?? []
            #expect(types.contains("service.created"))
            #expect(types.contains("auth.setup"))
        }
    }

    @Test func configuredInstancesAreSyncedOnEveryStart() async throws {
        let dataDir = TestApp.temporaryDirectory()
        let radarr = ServiceInstance(name: "radarr", kind: .radarr, url: URL(string: "http://radarr:7878")!, credentials: .init(apiKey: "k"), source: .config)
        try await TestApp(services: [radarr], dataDir: dataDir).run { _, app in
            let names = try await app.services.list().map(\.name)
            #expect(names == ["radarr"])
        }
        try await TestApp(services: [], dataDir: dataDir).run { _, app in
            let names = try await app.services.list().map(\.name)
            #expect(names.isEmpty)
        }
    }
}
