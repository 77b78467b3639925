import AutoArrCore
import Foundation
import HTTPTypes
import Hummingbird

/// An HTTP exchange handed whole to another protocol's handler (MCP's Streamable HTTP), without the server knowing it.
public struct StreamingRequest: Sendable {
    public var method: String
    public var headers: [String: String]
    public var body: Data?
    /// Who is calling, as authenticated by the API key.
    public var principal: Principal
}

public struct StreamingResponse: Sendable {
    public enum Body: Sendable {
        case empty
        case data(Data)
        /// Server-sent events, written as they come.
        case stream(AsyncThrowingStream<Data, any Error>)
    }

    public var status: Int
    public var headers: [String: String]
    public var body: Body

    public init(status: Int, headers: [String: String], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

public typealias StreamingHandler = @Sendable (StreamingRequest) async -> StreamingResponse

/// `/mcp`: MCP's Streamable HTTP transport (POST messages, GET the event stream, DELETE the session), behind the API key.
struct MCPController {
    let handler: StreamingHandler

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        for method in [HTTPRequest.Method.post, .get, .delete] {
            group.on("", method: method) { request, context in try await respond(request, context) }
        }
    }

    private func respond(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let reply = await handler(StreamingRequest(method: request.method.rawValue, headers: headers,
                                                   body: buffer.readableBytes > 0 ? Data(buffer: buffer) : nil,
                                                   principal: context.principal?.principal ?? .apiKey))
        var fields = HTTPFields()
        for (name, value) in reply.headers { if let name = HTTPField.Name(name) { fields[name] = value } }
        let status = HTTPResponse.Status(code: reply.status)
        switch reply.body {
        case .empty:
            return Response(status: status, headers: fields)
        case .data(let data):
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
        case .stream(let stream):
            return Response(status: status, headers: fields, body: ResponseBody { writer in
                for try await chunk in stream { try await writer.write(ByteBuffer(data: chunk)) }
                try await writer.finish(nil)
            })
        }
    }
}
