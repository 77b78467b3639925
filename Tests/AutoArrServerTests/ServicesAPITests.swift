import AutoArrApp
import AutoArrCore
import Foundation
import HummingbirdTesting
import Testing
@testable import AutoArrServer

@Suite struct ServicesAPITests {
    static let sonarr = #"{"name":"sonarr-4k","kind":"sonarr","url":"http://sonarr4k:8989","apiKey":"s3cret-key","timeout":"5s","tags":["4k"]}"#

    @Test func createListGetReplaceDelete() async throws {
        try await TestApp().run { client, app in
            let key = Caller.key(try await app.apiKey)
            let created = try await client.send(.post, "/api/v1/services", as: key, json: Self.sonarr)
            #expect(created.status == .created)
            #expect(created.object["apiKey"] as? String == "********")
            #expect(created.object["timeout"] as? Double == 5)
            #expect(!created.text.contains("s3cret-key"))

            let list = try await client.send(.get, "/api/v1/services", as: key)
            #expect(!list.text.contains("s3cret-key"))
            #expect((list.object["services"] as? [[String: Any]])?.count == 1)

            // The mask sent back keeps the stored secret.
            let replaced = try await client.send(.put, "/api/v1/services/sonarr-4k", as: key, json: """
                {"kind":"sonarr","url":"http://sonarr4k:9999","apiKey":"********","tags":["4k","uhd"]}
                """)
            #expect(replaced.status == .ok)
            #expect(replaced.object["url"] as? String == "http://sonarr4k:9999")
            let stored = try await app.services.instance(named: "sonarr-4k")
            #expect(stored.credentials.apiKey == "s3cret-key")
            #expect(stored.tags == ["4k", "uhd"])

            #expect(try await client.send(.delete, "/api/v1/services/sonarr-4k", as: key).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/services/sonarr-4k", as: key).status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/services/sonarr-4k", as: key).status == .notFound)
        }
    }

    @Test func namesAreUnique() async throws {
        try await TestApp().run { client, app in
            let key = Caller.key(try await app.apiKey)
            try await client.send(.post, "/api/v1/services", as: key, json: Self.sonarr)
            let duplicate = try await client.send(.post, "/api/v1/services", as: key, json: Self.sonarr)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.errorField == "name")
        }
    }

    @Test(arguments: [
        (#"{"name":"x","kind":"sonarr","url":"not a url","apiKey":"k"}"#, "url"),
        (#"{"name":"x","kind":"sonarr","url":"ftp://host","apiKey":"k"}"#, "url"),
        (#"{"name":"x","kind":"emby","url":"http://h:1","apiKey":"k"}"#, "kind"),
        (#"{"name":"x","kind":"sonarr","url":"http://h:1"}"#, "apiKey"),
        (#"{"name":"x","kind":"plex","url":"http://h:32400"}"#, "token"),
        (#"{"name":"Bad Name","kind":"nzbget","url":"http://h:6789"}"#, "name"),
        (#"{"name":"x","kind":"nzbget","url":"http://h:6789","timeout":-1}"#, "timeout"),
        (#"{"name":"x","kind":"nzbget","url":"http://h:6789","timeout":"soon"}"#, "timeout"),
        (#"{"kind":"nzbget","url":"http://h:6789"}"#, "name"),
        (#"{"name":"x","kind":"nzbget","url":"http://h:6789","tags":"4k"}"#, "tags"),
        (#"{"name":"x","kind":"nzbget","url":"http://h:6789","port":1}"#, ""),
    ])
    func badInputIsA400NamingTheField(body: String, field: String) async throws {
        try await TestApp().run { client, app in
            let response = try await client.send(.post, "/api/v1/services", as: .key(try await app.apiKey), json: body)
            if field.isEmpty {
                // Unknown keys are ignored by the decoder; the instance is valid.
                #expect(response.status == .created)
            } else {
                #expect(response.status == .badRequest)
                #expect(response.errorField == field)
            }
        }
    }

    @Test func instancesFromTheConfigAreReadOnly() async throws {
        let configured = ServiceInstance(
            name: "radarr", kind: .radarr, url: URL(string: "http://radarr:7878")!, credentials: .init(apiKey: "k"), source: .config)
        try await TestApp(services: [configured]).run { client, app in
            let key = Caller.key(try await app.apiKey)
            let shown = try await client.send(.get, "/api/v1/services/radarr", as: key)
            #expect(shown.object["source"] as? String == "config")
            #expect(try await client.send(.delete, "/api/v1/services/radarr", as: key).status == .conflict)
            let put = try await client.send(.put, "/api/v1/services/radarr", as: key, json: #"{"kind":"radarr","url":"http://x:1"}"#)
            #expect(put.status == .conflict)
        }
    }

    @Test func changesAreRecordedInTheActivityLog() async throws {
        try await TestApp().run { client, app in
            let key = Caller.key(try await app.apiKey)
            try await client.send(.post, "/api/v1/services", as: key, json: Self.sonarr)
            try await client.send(.delete, "/api/v1/services/sonarr-4k", as: key)
            let page = try await client.send(.get, "/api/v1/activity?instance=sonarr-4k", as: key).object
            let types = (page["items"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
            #expect(types == ["service.deleted", "service.created"])
        }
    }
}
