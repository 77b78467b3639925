import AutoArrCore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Synchronization

/// `GET /api/v1/ws`: live events. Sends a hello, then every event matching the client's subscription
/// (all of them until it sends `{"subscribe":["download.*"]}`). A client too slow to keep up is dropped by the bus.
struct EventsSocket {
    let bus: EventBus

    /// How many events a client may fall behind before it is dropped.
    static let clientBuffer = 256

    struct Hello: Encodable {
        var type = "hello"
        var version = AutoArrVersion.current
        var subscribe = ["*"]
    }

    struct Subscribed: Encodable {
        var type = "subscribed"
        var subscribe: [String]
    }

    /// A rejected client message: `{"type":"error","error":{code,message,field}}`.
    struct SocketError: Error, Encodable {
        var type = "error"
        var error: APIError.Body

        init(_ message: String) {
            error = APIError.Body(code: AutoArrError.Code.invalidInput.rawValue, message: message, field: "subscribe")
        }
    }

    struct ClientMessage: Decodable {
        var subscribe: [String]
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.ws("ws", shouldUpgrade: { request, _ in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                throw APIError(status: .badRequest, code: "invalid_input", message: "expected a WebSocket upgrade (Upgrade: websocket)")
            }
            return .upgrade([:])
        }) { inbound, outbound, _ in
            let subscription = await bus.subscribe(buffer: Self.clientBuffer)
            let selection = Selection()
            do {
                try await Self.serve(inbound, outbound, subscription, selection)
            } catch {
                await bus.unsubscribe(subscription.id)
                throw error
            }
            await bus.unsubscribe(subscription.id)
        }
    }

    private static func serve(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ subscription: EventBus.Subscription, _ selection: Selection
    ) async throws {
        try await outbound.writeTextMessage(Self.json(Hello()))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await entry in subscription.entries where selection.matches(entry.event.type) {
                    try await outbound.writeTextMessage(String(decoding: EventJSON.encode(entry), as: UTF8.self))
                }
                // Without cancellation, only the bus ends the feed: this client fell too far behind.
                guard !Task.isCancelled else { return }
                try await outbound.close(.policyViolation, reason: "too slow: events were dropped")
            }
            for try await message in inbound.messages(maxSize: 64 * 1024) {
                guard case .text(let text) = message else { continue }
                switch Self.parse(text) {
                case .success(let parsed):
                    selection.replace(with: parsed.patterns)
                    try await outbound.writeTextMessage(Self.json(Subscribed(subscribe: parsed.names)))
                case .failure(let error):
                    try await outbound.writeTextMessage(Self.json(error))
                }
            }
            group.cancelAll()
        }
    }

    /// The patterns one client is subscribed to, changed by its messages while events flow.
    final class Selection: Sendable {
        private let patterns = Mutex([EventPattern("*")!])

        func matches(_ type: EventType) -> Bool {
            patterns.withLock { $0.contains { $0.matches(type) } }
        }

        func replace(with patterns: [EventPattern]) {
            self.patterns.withLock { $0 = patterns }
        }
    }

    static func parse(_ text: String) -> Result<(patterns: [EventPattern], names: [String]), SocketError> {
        guard let message = try? JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8)) else {
            return .failure(SocketError(#"expected {"subscribe":["download.*", ...]}"#))
        }
        var patterns: [EventPattern] = []
        for name in message.subscribe {
            guard let pattern = EventPattern(name) else {
                return .failure(SocketError("subscribe: \(name) is not an event name or prefix such as download.*"))
            }
            patterns.append(pattern)
        }
        return .success((patterns, message.subscribe))
    }

    static func json(_ value: some Encodable) -> String {
        (try? String(decoding: APIJSON.encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}
