import AutoArrCore
import Foundation
import NIOHTTP1

extension HTTPTransport.Response {
    /// Maps an error status to an `IntegrationError`, in the one place all clients share.
    /// - Throws: `unauthorized` (401, 403), `rateLimited` (429), `rejected` (400, with a Servarr validation
    ///   array's messages), `badResponse` (anything else outside 2xx).
    func requireSuccess(for instance: ServiceInstance) throws -> Self {
        switch status.code {
        case 200..<300:
            return self
        case 401, 403:
            throw IntegrationError(.unauthorized, instance: instance.name, "HTTP \(status.code): check the \(Self.credentialName(instance.kind))")
        case 429:
            throw IntegrationError(.rateLimited, instance: instance.name, "HTTP 429: too many requests")
        case 400:
            let messages = Self.validationMessages(body)
            throw IntegrationError(
                .rejected, instance: instance.name, messages.isEmpty ? "HTTP 400: \(text.prefix(200))" : messages.joined(separator: "; "),
                details: messages)
        case 404:
            throw IntegrationError(.badResponse, instance: instance.name, "HTTP 404: nothing at this path; check the URL and its URL base")
        default:
            throw IntegrationError(.badResponse, instance: instance.name, "HTTP \(status.code)")
        }
    }

    /// Decodes the JSON body.
    /// - Throws: `badResponse` naming what did not match.
    func decode<T: Decodable>(_ type: T.Type, for instance: ServiceInstance) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw unexpected(Self.describe(error), for: instance)
        }
    }

    /// Reads a large JSON body with `JSONReader` (ADR 0011).
    /// - Throws: `badResponse` naming what did not match.
    func read<T: JSONReadable>(_ type: T.Type, for instance: ServiceInstance) throws -> T {
        do {
            return try JSONReader.read(T.self, from: buffer)
        } catch {
            throw unexpected("\(error)", for: instance)
        }
    }

    /// A body that isn't what was expected: what did not match, and the start of the body.
    private func unexpected(_ what: String, for instance: ServiceInstance) -> IntegrationError {
        let preview = text.prefix(80).replacingOccurrences(of: "\n", with: " ")
        return IntegrationError(.badResponse, instance: instance.name, "unexpected response (\(what)): \(preview)")
    }

    var text: String { String(buffer: buffer) }

    /// Servarr answers validation failures with `[{"propertyName","errorMessage",…}]`.
    private static func validationMessages(_ body: [UInt8]) -> [String] {
        struct Failure: Decodable {
            var propertyName: String?
            var errorMessage: String
        }
        guard let failures = try? JSONDecoder().decode([Failure].self, from: Data(body)) else { return [] }
        return failures.map { failure in
            failure.propertyName.map { "\($0): \(failure.errorMessage)" } ?? failure.errorMessage
        }
    }

    private static func credentialName(_ kind: ServiceKind) -> String {
        switch kind {
        case .plex: "token"
        case .nzbget, .qbittorrent, .transmission: "username and password"
        default: "API key"
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "not the expected JSON"
        }
    }
}

extension URL {
    /// The URL with a path appended under whatever URL base it already has.
    func appending(path: String, query: [URLQueryItem] = []) -> URL {
        var url = self
        for component in path.split(separator: "/") { url.appendPathComponent(String(component)) }
        guard !query.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        components.queryItems = (components.queryItems ?? []) + query
        return components.url ?? url
    }
}

extension JSONValue {
    /// The value as a request body, keys sorted: deterministic, and what NZBGet needs (it reads an entry's
    /// members by position, so `Name` must precede `Value`).
    var requestBody: [UInt8] {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return Array(try encoder.encode(self))
        }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The pairs as query items, in key order.
    var sortedQueryItems: [URLQueryItem] {
        sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
    }
}
