import AutoArrApp
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
            // Refused as any other request without a key is: 401 with the API's error shape, not a bare 400.
            let port = try #require(client.port)
            for uri in ["/api/v1/ws", "/api/v1/ws?apikey=wrong"] {
                // As a browser or websocat sends it, over a plain socket (an HTTP client library would not send the upgrade).
                let answer = try Self.exchange(port: port, "GET \(uri) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                                               + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                #expect(answer.hasPrefix("HTTP/1.1 401"), "\(uri): \(answer)")
                #expect(answer.lowercased().contains("content-type: application/json"), "\(answer)")
                #expect(answer.contains(#"{"error":{"code":"unauthorized""#), "\(answer)")
            }
        }
    }

    /// Writes a raw request to 127.0.0.1:port and reads until the server closes the connection (at most 5 s).
    static func exchange(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EBADF) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let bytes = Array(request.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw POSIXError(.EIO) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
