import AutoArrCore
import Foundation
import NIOHTTP1

/// Transmission's RPC at `POST /transmission/rpc`, with Basic auth and the 409 session-id dance.
struct TransmissionClient {
    let transport: HTTPTransport
    let instance: ServiceInstance

    /// The header Transmission uses against CSRF; a 409 answer carries the one to use.
    static let sessionHeader = "X-Transmission-Session-Id"

    /// `session-get` for `version` (e.g. `3.00 (bb6b5a062e)`).
    func version() async throws -> String {
        struct Arguments: Decodable { var version: String }
        return try await call("session-get", arguments: ["fields": ["version", "rpc-version"]], as: Arguments.self).version
    }

    /// `torrent-get` for every torrent.
    func torrents() async throws -> [DownloadItem] {
        let fields = JSONValue.array(TransmissionTorrent.fields.map(JSONValue.string))
        return try await call("torrent-get", arguments: ["fields": fields], as: TransmissionTorrents.self)
            .torrents.map { TransmissionGateway.item($0, instance: instance.name) }
    }

    /// Calls a method, first without a session id, then again with the one the 409 gave.
    func call<Arguments: Decodable>(_ method: String, arguments: [String: JSONValue] = [:], as type: Arguments.Type) async throws -> Arguments {
        let body = try JSONValue.object(["method": .string(method), "arguments": .object(arguments)]).requestBody
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.addBasicAuth(for: instance)
        var response = try await transport.send(.init(method: .POST, url: rpcURL, headers: headers, body: body), for: instance)
        if response.status == .conflict, let sessionId = response.headers.first(name: Self.sessionHeader) {
            headers.replaceOrAdd(name: Self.sessionHeader, value: sessionId)
            response = try await transport.send(.init(method: .POST, url: rpcURL, headers: headers, body: body), for: instance)
        }
        let reply = try response.requireSuccess(for: instance).decode(TransmissionReply<Arguments>.self, for: instance)
        guard reply.result == "success", let arguments = reply.arguments else {
            throw IntegrationError(.rejected, instance: instance.name, "\(method): \(reply.result)")
        }
        return arguments
    }

    /// Users paste either the host or the full RPC URL; accept both.
    var rpcURL: URL {
        instance.url.path.hasSuffix("/rpc") ? instance.url : instance.url.appending(path: "transmission/rpc")
    }
}

/// `{"arguments":{…},"result":"success"}`.
struct TransmissionReply<Arguments: Decodable>: Decodable {
    var arguments: Arguments?
    var result: String
}
