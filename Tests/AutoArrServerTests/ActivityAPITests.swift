import AutoArrApp
import AutoArrCore
import Foundation
import HummingbirdTesting
import Testing
@testable import AutoArrServer

@Suite struct ActivityAPITests {
    @Test func filtersAndPagesThroughTheLog() async throws {
        try await TestApp().run { client, app in
            let key = Caller.key(try await app.apiKey)
            let correlation = "chain-1"
            for index in 0..<7 {
                await app.bus.publish(Event(
                    index.isMultiple(of: 2) ? .serviceCreated : .serviceUpdated, message: "event \(index)",
                    correlationId: index < 3 ? correlation : Event.newCorrelationId(),
                    severity: index == 6 ? .error : .info, instance: "sonarr", kind: .sonarr))
            }
            await app.bus.publish(Event(.authLogin, message: "other"))

            let first = try await client.send(.get, "/api/v1/activity?instance=sonarr&limit=3", as: key).object
            let firstItems = try #require(first["items"] as? [[String: Any]])
            #expect(firstItems.map { $0["message"] as? String } == ["event 6", "event 5", "event 4"])
            let cursor = try #require(first["nextCursor"] as? String)
            let second = try await client.send(.get, "/api/v1/activity?instance=sonarr&limit=3&cursor=\(cursor)", as: key).object
            #expect((second["items"] as? [[String: Any]])?.map { $0["message"] as? String } == ["event 3", "event 2", "event 1"])
            let third = try await client.send(.get, "/api/v1/activity?instance=sonarr&limit=3&cursor=\(try #require(second["nextCursor"] as? String))", as: key).object
            #expect((third["items"] as? [[String: Any]])?.count == 1)
            #expect(third["nextCursor"] == nil)

            func count(_ query: String) async throws -> Int {
                (try await client.send(.get, "/api/v1/activity?\(query)", as: key).object["items"] as? [Any])?.count ?? -1
            }
            #expect(try await count("type=service.updated") == 3)
            #expect(try await count("type=service.*") == 7)
            #expect(try await count("type=auth.") == 1)
            #expect(try await count("correlationId=\(correlation)") == 3)
            #expect(try await count("severity=error") == 1)
            #expect(try await count("severity=error,info&kind=sonarr") == 7)
            #expect(try await count("since=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z") == 0)
            #expect(try await count("since=2000-01-01T00:00:00.000Z") >= 8)
        }
    }

    @Test func oneEntryById() async throws {
        try await TestApp().run { client, app in
            let key = Caller.key(try await app.apiKey)
            let entry = try #require(await app.bus.publish(Event(.serviceCreated, message: "hello", data: ["n": 1])))
            let shown = try await client.send(.get, "/api/v1/activity/\(entry.id)", as: key).object
            #expect(shown["message"] as? String == "hello")
            #expect((shown["data"] as? [String: Any])?["n"] as? Int == 1)
            #expect(shown["correlationId"] as? String == entry.event.correlationId)
            #expect(try await client.send(.get, "/api/v1/activity/999999", as: key).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/activity/abc", as: key).errorField == "id")
        }
    }

    @Test(arguments: [
        ("limit=0", "limit"), ("limit=501", "limit"), ("severity=loud", "severity"), ("kind=emby", "kind"),
        ("since=yesterday", "since"), ("cursor=-4", "cursor"), ("colour=red", "colour"),
    ])
    func badParametersAre400sNamingThem(query: String, field: String) async throws {
        try await TestApp().run { client, app in
            let response = try await client.send(.get, "/api/v1/activity?\(query)", as: .key(try await app.apiKey))
            #expect(response.status == .badRequest)
            #expect(response.errorField == field)
        }
    }
}
