import AutoArrCore
import AutoArrTestSupport
import Foundation
import Hummingbird
import Synchronization
import Testing
@testable import AutoArrIntegrations

/// Plex's library, preference and session calls against a fake speaking Plex's JSON (no real Plex runs here).
@Suite struct PlexTests {
    @Test func librariesPreferencesAndSessions() async throws {
        let refreshed = Recorded<[String]>([])
        let saved = Recorded<[String: String]>([:])
        try await FakeService.run({ router in
            let authorized = Self.authorized
            router.get("identity") { request, _ in
                authorized(request, #"{"MediaContainer":{"size":0,"claimed":true,"machineIdentifier":"abc123","version":"1.40.1.8227-c0dd5a73e"}}"#)
            }
            router.get("library/sections") { request, _ in
                authorized(request, #"{"MediaContainer":{"size":2,"allowSync":false,"title1":"Plex Library","Directory":[{"allowSync":true,"art":"/:/resources/movie-fanart.jpg","key":"1","type":"movie","title":"Movies","agent":"tv.plex.agents.movie","scanner":"Plex Movie","language":"en-US","uuid":"u1","updatedAt":1700000000,"scannedAt":1700000000,"Location":[{"id":1,"path":"/data/media/movies"}]},{"key":"2","type":"show","title":"TV Shows","Location":[{"id":2,"path":"/data/media/tv"}]}]}}"#)
            }
            router.get("library/sections/{key}/refresh") { request, context in
                refreshed.value.withLock { $0.append(context.parameters.get("key") ?? "") }
                return authorized(request, "")
            }
            router.get("{colon}/prefs") { request, context in
                guard context.parameters.get("colon") == ":" else { return FakeService.text("", status: .notFound) }
                return authorized(request, #"{"MediaContainer":{"size":3,"Setting":[{"id":"FriendlyName","label":"Friendly name","type":"text","default":"","value":"nas","hidden":false},{"id":"allowMediaDeletion","type":"bool","default":false,"value":true},{"id":"ScheduledLibraryUpdateInterval","type":"int","default":86400,"value":3600}]}}"#)
            }
            router.put("{colon}/prefs") { request, _ in
                saved.value.withLock { $0 = Dictionary(uniqueKeysWithValues: request.uri.queryParameters.map { (String($0.key), String($0.value)) }) }
                return authorized(request, "")
            }
            router.get("status/sessions") { request, _ in
                authorized(request, #"{"MediaContainer":{"size":1,"Metadata":[{"title":"Dune: Part Two","type":"movie","User":{"id":"1","title":"alice"}}]}}"#)
            }
        }) { url in
            let client = PlexClient(transport: HTTPTransport(retryBase: .milliseconds(1)), instance: ServiceInstance(
                name: "plex", kind: .plex, url: url, credentials: .init(token: "tok")))
            let identity = try await client.identity()
            #expect(identity.machineIdentifier == "abc123")
            let sections = try await client.sections()
            #expect(sections.map(\.title) == ["Movies", "TV Shows"])
            #expect(sections[0].Location?.first?.path == "/data/media/movies")
            try await client.refresh(section: "2")
            #expect(refreshed.value.withLock { $0 } == ["2"])
            let preferences = Dictionary(uniqueKeysWithValues: try await client.preferences().map { ($0.id, $0.value.description) })
            #expect(preferences == ["FriendlyName": "nas", "allowMediaDeletion": "1", "ScheduledLibraryUpdateInterval": "3600"])
            try await client.setPreferences(["allowMediaDeletion": "0"])
            #expect(saved.value.withLock { $0 } == ["allowMediaDeletion": "0"])
            let sessions = try await client.sessions()
            #expect(sessions.map(\.title) == ["Dune: Part Two"])
            #expect(sessions.first?.User?.title == "alice")
        }
    }

    /// Plex answers 401 without the token; JSON only when asked for it.
    @Sendable static func authorized(_ request: Request, _ body: String) -> Response {
        guard request.headers[.init("X-Plex-Token")!] == "tok", request.headers[.accept] == "application/json" else {
            return FakeService.text("Unauthorized", status: .unauthorized)
        }
        return FakeService.json(body)
    }

    final class Recorded<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ initial: Value) { value = Mutex(initial) }
    }
}
