import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A real HTTP server on 127.0.0.1 that plays a service's part for one test.
public enum FakeService {
    /// Starts the routes on a free port and runs `body` with the server's base URL.
    public static func run(_ routes: (Router<BasicRequestContext>) -> Void, _ body: @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        routes(router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port!)")!)
        }
    }

    /// A recorded response from `Fixtures/`.
    public static func fixture(_ path: String) -> String {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(path)")
        return try! String(contentsOf: url, encoding: .utf8)
    }

    public static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    public static func text(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/plain"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Whether the request carries HTTP Basic credentials `user:password`.
    public static func hasBasicAuth(_ request: Request, _ user: String, _ password: String) -> Bool {
        request.headers[.authorization] == "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}

/// Counts calls across a fake's handlers.
public final class CallCounter: Sendable {
    public init() {}

    private let count = Mutex(0)
    public func increment() { count.withLock { $0 += 1 } }
    public var value: Int { count.withLock { $0 } }
}
