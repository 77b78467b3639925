import AsyncHTTPClient
import AutoArrCore
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP for language model providers: JSON in and out, line streams (NDJSON, SSE), errors as `LLMError`.
struct LLMHTTP: Sendable {
    let client: HTTPClient
    let provider: String
    let timeout: Duration

    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(_ method: HTTPMethod, _ url: URL, headers: HTTPHeaders = [:], body: JSONValue? = nil) async throws -> Response {
        let response = try await execute(method, url, headers: headers, body: body)
        do {
            let bytes = try await response.body.collect(upTo: 16 << 20)
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
        } catch {
            throw map(error, url: url)
        }
    }

    /// The response body's lines as they arrive (after a 2xx status); an error status throws with its body's message.
    func lines(_ method: HTTPMethod, _ url: URL, headers: HTTPHeaders = [:], body: JSONValue? = nil) async throws -> AsyncThrowingStream<String, any Error> {
        let response = try await execute(method, url, headers: headers, body: body)
        guard (200..<300).contains(Int(response.status.code)) else {
            let bytes = (try? await response.body.collect(upTo: 1 << 20)).map { Array(buffer: $0) } ?? []
            throw failure(Response(status: Int(response.status.code), headers: response.headers, body: bytes))
        }
        let provider = self.provider
        return AsyncThrowingStream { continuation in
            let task = Task {
                var pending: [UInt8] = []
                do {
                    for try await chunk in response.body {
                        pending.append(contentsOf: chunk.readableBytesView)
                        while let newline = pending.firstIndex(of: 0x0A) {
                            let line = String(decoding: pending[..<newline], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                            pending.removeSubrange(...newline)
                            continuation.yield(line)
                        }
                    }
                    if !pending.isEmpty { continuation.yield(String(decoding: pending, as: UTF8.self)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: LLMError(.badResponse, provider: provider, "the stream broke off: \(error)"))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func execute(_ method: HTTPMethod, _ url: URL, headers: HTTPHeaders, body: JSONValue?) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers = headers
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            request.body = .bytes(Array(try encoder.encode(body)))
        }
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        do {
            return try await client.execute(request, timeout: .milliseconds(max(1, milliseconds)))
        } catch {
            throw map(error, url: url)
        }
    }

    private func map(_ error: any Error, url: URL) -> LLMError {
        if let error = error as? LLMError { return error }
        if let error = error as? HTTPClientError, [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            return LLMError(.timeout, provider: provider, "no answer from \(Redaction.redact(url)) within \(timeout)")
        }
        return LLMError(.unreachable, provider: provider, "cannot connect to \(Redaction.redact(url))")
    }

    /// The error for a non-2xx answer, with the provider's own message when the body has one.
    func failure(_ response: Response) -> LLMError {
        let json = response.json
        let message = json?["error"]?["message"]?.stringValue ?? json?["error"]?.stringValue ?? json?["message"]?.stringValue
            ?? String(response.text.prefix(200))
        let code: LLMError.Code = switch response.status {
        case 401, 403: .unauthorized
        case 429, 529: .rateLimited
        default: .badResponse
        }
        return LLMError(code, provider: provider, "HTTP \(response.status): \(message)")
    }

    /// Seconds to wait from a `retry-after` header (seconds or an HTTP date), at most 60.
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        guard let value = headers.first(name: "retry-after") else { return nil }
        if let seconds = Double(value) { return min(max(seconds, 0), 60) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { min(max($0.timeIntervalSinceNow, 0), 60) }
    }
}

extension URL {
    /// A provider base URL with `/v1` (or any path) joined once: "http://host:8080" and "http://host:8080/v1" both
    /// give "http://host:8080/v1/chat/completions".
    func joiningAPI(_ path: String) -> URL {
        let base = absoluteString.hasSuffix("/") ? String(absoluteString.dropLast()) : absoluteString
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        if base.hasSuffix("/v1"), trimmed.hasPrefix("v1/") { return URL(string: base + "/" + trimmed.dropFirst(3))! }
        return URL(string: base + "/" + trimmed)!
    }
}
