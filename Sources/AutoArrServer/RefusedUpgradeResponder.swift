import AutoArrCore
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Gives a refused WebSocket upgrade the API's error shape. hummingbird-websocket answers an upgrade its router
/// refuses (here: `AuthMiddleware` found no valid key or session) with a bare `400` and no body, before any
/// middleware could answer. This handler sits on the HTTP channel that answer is written to and turns that one
/// response, the only bare 400 AutoArr ever sends, into `401` with `{"error":{"code":"unauthorized",…}}`.
final class RefusedUpgradeResponder: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var rewriting = false

    static let body: [UInt8] = Array(#"{"error":{"code":"unauthorized","message":"the event socket (/api/v1/ws) needs a valid API key (X-Api-Key header or apikey parameter) or a login session"}}"#.utf8)

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status == .badRequest && head.headerFields[.contentLength] == "0" && head.headerFields[.contentType] == nil:
            rewriting = true
            var fields = head.headerFields
            fields[.contentType] = "application/json; charset=utf-8"
            fields[.contentLength] = String(Self.body.count)
            fields[.wwwAuthenticate] = #"ApiKey realm="AutoArr""#
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .unauthorized, headerFields: fields))), promise: promise)
        case .end(let trailers) where rewriting:
            rewriting = false
            context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: Self.body))), promise: nil)
            context.write(wrapOutboundOut(.end(trailers)), promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}
