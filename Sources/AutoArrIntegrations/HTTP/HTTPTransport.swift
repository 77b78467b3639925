import AsyncHTTPClient
import AutoArrCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The one HTTP path every client uses: one shared `HTTPClient`, the instance's timeout, retries for
/// idempotent GETs only, and every failure turned into an `IntegrationError`.
public struct HTTPTransport: Sendable {
    /// A request to a service.
    struct Request: Sendable {
        var method: HTTPMethod = .GET
        var url: URL
        var headers: HTTPHeaders = [:]
        var body: [UInt8]?
        /// Safe to send again after a failure: true only for reads.
        var idempotent: Bool { method == .GET || method == .HEAD }
    }

    /// A response with its whole body.
    struct Response: Sendable {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        /// The body as received; large answers are read from it in place (`read`).
        var buffer: ByteBuffer
        /// The body as bytes: a copy.
        var body: [UInt8] { Array(buffer: buffer) }
    }

    /// The most attempts an idempotent request gets.
    static let maxAttempts = 3
    /// Bodies larger than this are refused as a bad response.
    static let maxBodySize = 32 << 20

    let client: HTTPClient
    let logger: Logger
    /// The first retry waits about this long; each later one twice as long, with jitter.
    let retryBase: Duration

    /// The process-wide client. AsyncHTTPClient would otherwise retry a refused connection until the request's
    /// deadline; AutoArr retries itself, so an unreachable service fails fast. Never shut down, like `HTTPClient.shared`.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public init(client: HTTPClient = HTTPTransport.sharedClient, logger: Logger = Logger(label: "autoarr.integrations"), retryBase: Duration = .milliseconds(200)) {
        self.client = client
        var logger = logger
        logger[metadataKey: "component"] = "integrations"
        self.logger = logger
        self.retryBase = retryBase
    }

    /// Sends a request; retries idempotent ones on unreachable, timeout and 5xx, never anything else.
    /// - Throws: `IntegrationError`; HTTP error statuses are not thrown, callers map them.
    func send(_ request: Request, for instance: ServiceInstance) async throws -> Response {
        var attempt = 1
        while true {
            do {
                let response = try await once(request, for: instance)
                if request.idempotent, response.status.code >= 500, attempt < Self.maxAttempts {
                    throw IntegrationError(.badResponse, instance: instance.name, "HTTP \(response.status.code)")
                }
                return response
            } catch let error as IntegrationError where request.idempotent && attempt < Self.maxAttempts
                && [.unreachable, .timeout, .badResponse].contains(error.code) {
                let wait = retryBase * (1 << (attempt - 1)) * Double.random(in: 0.5...1.5)
                logger.debug("retrying", metadata: [
                    "instance": "\(instance.name)", "url": "\(Redaction.redact(request.url))", "error": "\(error.code.rawValue)",
                ])
                try await Task.sleep(for: wait)
                attempt += 1
            }
        }
    }

    private func once(_ request: Request, for instance: ServiceInstance) async throws -> Response {
        var outbound = HTTPClientRequest(url: request.url.absoluteString)
        outbound.method = request.method
        outbound.headers = request.headers
        if let body = request.body { outbound.body = .bytes(body) }
        let timeout = TimeAmount.milliseconds(Int64(instance.timeout * 1000))
        do {
            let response = try await client.execute(outbound, timeout: timeout, logger: logger)
            let body = try await response.body.collect(upTo: Self.maxBodySize)
            return Response(status: response.status, headers: response.headers, buffer: body)
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            throw IntegrationError(.timeout, instance: instance.name, "no answer from \(Redaction.redact(request.url)) within \(instance.timeout)s")
        } catch is NIOTooManyBytesError {
            throw IntegrationError(.badResponse, instance: instance.name, "the response is larger than \(Self.maxBodySize >> 20) MiB")
        } catch let error as IntegrationError {
            throw error
        } catch {
            throw IntegrationError(.unreachable, instance: instance.name, "cannot connect to \(Redaction.redact(request.url)): \(Self.describe(error))")
        }
    }

    /// A short, secret-free description of a transport error.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(describing: error.errnoCode == ECONNREFUSED ? "connection refused" : "\(error)") }
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "error"
    }
}
