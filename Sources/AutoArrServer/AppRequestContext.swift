import AutoArrCore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// Who made a request: a logged-in user (with their session token) or a program holding the API key.
enum Authenticated: Sendable {
    case session(User, token: String)
    case apiKey

    /// Who acts, as the actions record it.
    var principal: AutoArrCore.Principal {
        switch self {
        case .session(let user, _): .user(user.username)
        case .apiKey: .apiKey
        }
    }
}

/// The request context for every route: JSON coding, the 1 MiB body limit and the authenticated principal.
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<AppRequestContext>
    /// Set by `AuthMiddleware` on protected routes.
    var principal: Authenticated?
    /// The client's address, for per-client rate limits.
    let remoteAddress: SocketAddress?

    /// Request bodies larger than this get a 413.
    static let maxBodySize = 1 << 20

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.remoteAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { Self.maxBodySize }

    /// The client's IP address as text; formatted only where a rate limit needs it.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
    public var responseEncoder: JSONEncoder { APIJSON.encoder }
    public var requestDecoder: JSONDecoder { APIJSON.decoder }
}

extension Response {
    /// A JSON response from already encoded bytes.
    static func json(_ bytes: some Sequence<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The JSON coders of the REST API: ISO 8601 dates with milliseconds.
enum APIJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an ISO 8601 date")
            }
            return date
        }
        return decoder
    }()

    static func format(_ date: Date) -> String {
        ISO8601Timestamp.format(date)
    }

    /// Parses ISO 8601 with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        ISO8601Timestamp.parse(text)
    }
}
