import AutoArrCore
import Foundation
import HummingbirdTesting
import HummingbirdWSTesting
import Testing
@testable import AutoArrServer

@Suite struct WebSocketTests {
    @Test func sendsHelloThenOnlySubscribedEvents() async throws {
        try await TestApp().run(.live) { client, app in
            let key = try await app.apiKey
            try await client.ws("/api/v1/ws?apikey=\(key)") { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                func next() async throws -> [String: Any] {
                    guard case .text(let text) = try await messages.next() else { return [:] }
                    return (try JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
                }
                #expect(try await next()["type"] as? String == "hello")
                try await outbound.writeTextMessage(#"{"subscribe":["nonsense*x"]}"#)
                #expect(try await next()["type"] as? String == "error")
                try await outbound.writeTextMessage(#"{"subscribe":["service.*"]}"#)
                #expect(try await next()["type"] as? String == "subscribed")

                // An auth event is filtered out; the service change made over real HTTP arrives.
                await app.bus.publish(Event(.authLogin, message: "not subscribed"))
                let created = try await client.send(
                    .post, "/api/v1/services", as: .key(key), json: #"{"name":"radarr","kind":"radarr","url":"http://radarr:7878","apiKey":"k"}"#)
                #expect(created.status == .created)
                let event = try await next()
                #expect(event["type"] as? String == "service.created")
                #expect(event["instance"] as? String == "radarr")
                #expect(event["correlationId"] as? String != nil)
                #expect(event["timestamp"] as? String != nil)
                #expect(event["data"] as? [String: Any] != nil)
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }

    @Test func aPlainGetIsAClearError() async throws {
        try await TestApp().run { client, app in
            let response = try await client.send(.get, "/api/v1/ws", as: .key(try await app.apiKey))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("WebSocket upgrade"))
        }
    }

    @Test func refusesUnauthenticatedUpgrades() async throws {
        try await TestApp().run(.live) { client, _ in
            await #expect(throws: (any Error).self) {
                try await client.ws("/api/v1/ws") { _, _, _ in }
            }
        }
    }
}
