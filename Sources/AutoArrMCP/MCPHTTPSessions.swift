import AutoArrCore
import Foundation
import Logging
import MCP

/// MCP's Streamable HTTP transport for many clients at once: one SDK server and transport per session, created by an
/// `initialize` POST and found again by its `MCP-Session-Id`. Sessions idle for an hour are closed.
public actor MCPHTTPSessions {
    struct Session {
        let server: Server
        let transport: StatefulHTTPServerTransport
        var lastUsed: Date
    }

    let tools: MCPToolServer
    let logger: Logger
    let idleTimeout: TimeInterval
    let maxSessions: Int
    private var sessions: [String: Session] = [:]

    public init(tools: MCPToolServer, logger: Logger, idleTimeout: TimeInterval = 3600, maxSessions: Int = 500) {
        self.tools = tools
        self.logger = logger
        self.idleTimeout = idleTimeout
        self.maxSessions = maxSessions
    }

    public var count: Int { sessions.count }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        closeIdle()
        if let id = request.header(HTTPHeaderName.sessionID), var session = sessions[id] {
            session.lastUsed = Date()
            sessions[id] = session
            let response = await session.transport.handleRequest(request)
            if request.method.uppercased() == "DELETE", response.statusCode == 200 {
                sessions[id] = nil
                await session.server.stop()
            }
            return response
        }
        if request.method.uppercased() == "POST", let body = request.body, Self.isInitialize(body) {
            return await open(request)
        }
        if request.header(HTTPHeaderName.sessionID) != nil {
            return .error(statusCode: 404, .invalidRequest("Not Found: the session does not exist or has expired; initialize again"))
        }
        return .error(statusCode: 400, .invalidRequest("Bad Request: missing \(HTTPHeaderName.sessionID); initialize first"))
    }

    private func open(_ request: HTTPRequest) async -> HTTPResponse {
        if sessions.count >= maxSessions, let oldest = sessions.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
            sessions[oldest.key] = nil
            await oldest.value.server.stop()
        }
        let id = UUID().uuidString
        let transport = StatefulHTTPServerTransport(sessionIDGenerator: FixedID(id: id), logger: logger)
        do {
            let server = try await tools.start(on: transport, logger: logger)
            sessions[id] = Session(server: server, transport: transport, lastUsed: Date())
            let response = await transport.handleRequest(request)
            if case .error = response {
                sessions[id] = nil
                await server.stop()
            }
            return response
        } catch {
            await transport.disconnect()
            return .error(statusCode: 500, .internalError("could not open a session: \(error)"))
        }
    }

    private func closeIdle() {
        let cutoff = Date().addingTimeInterval(-idleTimeout)
        for (id, session) in sessions where session.lastUsed < cutoff {
            sessions[id] = nil
            Task { await session.server.stop() }
        }
    }

    public func closeAll() async {
        for session in sessions.values { await session.server.stop() }
        sessions = [:]
    }

    /// Whether a JSON-RPC body (one message or a batch) is an `initialize` request.
    static func isInitialize(_ body: Data) -> Bool {
        guard let json = try? JSONSerialization.jsonObject(with: body) else { return false }
        let messages = (json as? [Any]) ?? [json]
        return messages.contains { ($0 as? [String: Any])?["method"] as? String == "initialize" }
    }

    struct FixedID: SessionIDGenerator {
        let id: String
        func generateSessionID() -> String { id }
    }
}
