import AutoArrApp
import AutoArrCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AutoArrServer

@Suite struct APITests {
    @Test func errorsAreJSONIncludingUnknownRoutes() async throws {
        try await TestApp().run { client, app in
            let key = try await app.apiKey
            let missing = try await client.send(.get, "/no/such/route")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            #expect(missing.headers[.contentType]?.hasPrefix("application/json") == true)
            let badJSON = try await client.send(.post, "/api/v1/services", as: .key(key), json: #"{"name": "#)
            #expect(badJSON.status == .badRequest)
            #expect(badJSON.errorCode == "invalid_input")
            let wrongType = try await client.send(.post, "/api/v1/services", as: .key(key), json: "x", contentType: "text/plain")
            #expect(wrongType.status == .unsupportedMediaType)
        }
    }

    @Test func bodiesOverOneMebibyteGet413() async throws {
        try await TestApp().run { client, app in
            let key = try await app.apiKey
            let big = #"{"name":""# + String(repeating: "a", count: 1 << 20) + #""}"#
            let response = try await client.send(.post, "/api/v1/services", as: .key(key), json: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "payload_too_large")
            let underLimit = #"{"name":"x","kind":"radarr","url":"http://r:7878","apiKey":"k","tags":[""# + String(repeating: "a", count: 1000) + #""]}"#
            #expect(try await client.send(.post, "/api/v1/services", as: .key(key), json: underLimit).errorField == "tags")
        }
    }

    @Test func systemStatusReportsSchemaAndRowCounts() async throws {
        try await TestApp().run { client, app in
            let status = try await client.send(.get, "/api/v1/system/status", as: .key(try await app.apiKey)).object
            #expect(status["version"] as? String == AutoArrVersion.current)
            #expect(status["schemaVersion"] as? Int == 13)
            #expect(status["dataDir"] as? String == app.config.dataDir)
            let counts = try #require(status["rowCounts"] as? [String: Int])
            for table in ["activity_log", "content_requests", "download_failures", "recovery_attempts", "audit_runs",
                          "recommendations", "configuration_history", "service_instances", "settings", "users", "api_keys"] {
                #expect(counts[table] != nil, "missing table \(table)")
            }
            #expect(counts["api_keys"] == 1)
        }
    }

    @Test func readinessListsEveryInstance() async throws {
        let sonarr = ServiceInstance(name: "sonarr-4k", kind: .sonarr, url: URL(string: "http://s:8989")!, credentials: .init(apiKey: "k"), source: .config)
        try await TestApp(services: [sonarr]).run { client, _ in
            let ready = try await client.send(.get, "/api/v1/health/ready").object
            #expect(ready["status"] as? String == "ready")
            let instances = try #require(ready["instances"] as? [[String: Any]])
            #expect(instances.map { $0["name"] as? String } == ["sonarr-4k"])
            #expect((ready["database"] as? [String: Any])?["status"] as? String == "ok")
        }
    }

    @Test func metricsCountRequestsByRouteAndEvents() async throws {
        try await TestApp().run { client, _ in
            try await client.send(.get, "/api/v1/health")
            try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"admin","password":"correct horse"}"#)
            let metrics = try await client.send(.get, "/metrics").text
            #expect(metrics.contains(#"hb_requests{http_route="/api/v1/health",http_request_method="GET",http_response_status_code="200"}"#))
            #expect(metrics.contains("http_server_request_duration_bucket"))
            #expect(metrics.contains(#"autoarr_events_total{type="auth.setup"}"#))
        }
    }

    /// Fails when a route is registered but not documented, or documented but not registered.
    @Test func theOpenAPIDocumentListsEveryRoute() async throws {
        let app = TestApp()
        let components = try await AppComponents.open(app.config, logger: .init(label: "test"))
        let router = try buildRouter(try components.serverEnvironment())
        let document = try OpenAPIDocument.document(components.actions)
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in
            operations.keys.filter { !["parameters", "description", "summary"].contains($0) }.map { "\($0.uppercased()) \(path)" }
        })
        // The web UI's files (`/`, `/ui/**`) are not part of the API.
        let registered = Set(router.routes.filter { $0.path.description != "/" && !$0.path.description.hasPrefix("/ui/") }.map { "\($0.method) \($0.path)" })
        #expect(registered.subtracting(documented).isEmpty, "undocumented routes: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but missing: \(documented.subtracting(registered).sorted())")
        #expect(registered.count >= 20)
    }

    @Test func theOpenAPIDocumentIsServedAsJSON() async throws {
        try await TestApp().run { client, app in
            let document = try await client.send(.get, "/api/v1/openapi.json", as: .key(try await app.apiKey)).object
            #expect(document["openapi"] as? String == "3.1.0")
            #expect((document["paths"] as? [String: Any])?["/api/v1/activity"] != nil)
        }
    }
}
