import AutoArrCore
import Foundation
import NIOHTTP1

/// NZBGet's JSON-RPC at `POST /jsonrpc`, with HTTP Basic auth. Every call is a POST: NZBGet refuses
/// mutating methods over GET, and one path for all keeps it simple.
struct NZBGetClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    func version() async throws -> String {
        try await call("version", as: String.self)
    }

    /// `listgroups`: the queue.
    func queue() async throws -> [DownloadItem] {
        try await call("listgroups", as: [NZBGetGroup].self).map { NZBGetGateway.item($0, instance: instance.name) }
    }

    /// `history`; hidden entries (deleted from view) only when asked.
    func history(includeHidden: Bool = false) async throws -> [DownloadItem] {
        try await call("history", params: [.bool(includeHidden)], as: [NZBGetHistoryItem].self)
            .filter { $0.Kind == nil || $0.Kind == "NZB" }
            .map { NZBGetGateway.item($0, instance: instance.name) }
    }

    func call<Result: Decodable>(_ method: String, params: [JSONValue] = [], as type: Result.Type) async throws -> Result {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.addBasicAuth(for: instance)
        let body: JSONValue = ["method": .string(method), "params": .array(params), "id": 1]
        let response = try await transport.send(
            .init(method: .POST, url: instance.url.appending(path: "jsonrpc"), headers: headers, body: try body.requestBody), for: instance)
            .requireSuccess(for: instance)
            .decode(NZBGetResponse<Result>.self, for: instance)
        if let error = response.error {
            throw IntegrationError(.rejected, instance: instance.name, "\(method): \(error.message)")
        }
        guard let result = response.result else {
            throw IntegrationError(.badResponse, instance: instance.name, "\(method): no result")
        }
        return result
    }
}

/// A JSON-RPC answer: `{"version":"1.1","id":1,"result":…}` or `{"error":{"name","code","message"}}`.
struct NZBGetResponse<Result: Decodable>: Decodable {
    struct Failure: Decodable {
        var code: Int?
        var message: String
    }
    var result: Result?
    var error: Failure?
}
