import AsyncHTTPClient
import AutoArrCore
import Foundation
import NIOCore

/// POSTs JSON to a user's webhook (a notification hook). Errors are the caller's to log; nothing is retried.
public struct Webhook: Sendable {
    let url: URL
    let client: HTTPClient

    public init(url: URL, client: HTTPClient = HTTPTransport.sharedClient) {
        self.url = url
        self.client = client
    }

    /// - Returns: the HTTP status. - Throws: when the webhook cannot be reached within 10 s.
    @discardableResult
    public func post(_ body: JSONValue) async throws -> Int {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "AutoArr")
        request.body = .bytes(Array(try JSONEncoder().encode(body)))
        let response = try await client.execute(request, timeout: .seconds(10))
        _ = try? await response.body.collect(upTo: 64 * 1024)
        return Int(response.status.code)
    }
}
