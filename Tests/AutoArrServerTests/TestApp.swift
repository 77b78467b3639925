import AutoArrApp
import AutoArrCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import AutoArrServer

/// A real app over a real SQLite file in a fresh temp data dir.
struct TestApp {
    var config: AppConfig

    init(services: [ServiceInstance] = [], dataDir: String? = nil) {
        config = AppConfig(dataDir: dataDir ?? TestApp.temporaryDirectory())
        config.auth.bcryptCost = 4
        // Tests run monitor passes themselves, so a background pass never races them.
        config.monitor.enabled = false
        config.services = services
        config.server.port = 0
    }

    /// A fresh directory, removed with all the others when the test process exits.
    static func temporaryDirectory() -> String {
        let url = URL(fileURLWithPath: temporaryRoot).appendingPathComponent(UUID().uuidString)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    private static let temporaryRoot: String = {
        atexit { try? FileManager.default.removeItem(atPath: TestApp.rootPath(for: getpid())) }
        return rootPath(for: getpid())
    }()

    private static func rootPath(for pid: Int32) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("autoarr-server-tests-\(pid)").path
    }

    /// Builds the app exactly as `autoarr serve` does and drives it with a test client.
    func run(
        _ setup: TestingSetup = .router,
        _ body: @Sendable (any TestClientProtocol, AppComponents) async throws -> Void
    ) async throws {
        try await runReturning(setup, body)
    }

    /// `run`, passing back what the body returns.
    func runReturning<Value: Sendable>(
        _ setup: TestingSetup = .router,
        _ body: @Sendable (any TestClientProtocol, AppComponents) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let components = try await AppComponents.open(config, logger: logger)
        let app = try await buildApplication(components)
        return try await app.test(setup) { client in try await body(client, components) }
    }
}

/// Credentials for a request: the API key, or a session cookie.
enum Caller {
    case none, key(String), cookie(String)
}

extension TestClientProtocol {
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, as caller: Caller = .none, json: String? = nil,
        contentType: String = "application/json"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        switch caller {
        case .none: break
        case .key(let key): headers[.init("X-Api-Key")!] = key
        case .cookie(let token): headers[.cookie] = "autoarr_session=\(token)"
        }
        if json != nil { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var text: String { String(buffer: body) }

    /// The `error.code` of a JSON error body.
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (object["error"] as? [String: Any])?["field"] as? String }

    /// The session token from a Set-Cookie header.
    var sessionToken: String? {
        headers[values: .setCookie].lazy.compactMap { cookie -> String? in
            guard cookie.hasPrefix("autoarr_session=") else { return nil }
            return String(cookie.dropFirst("autoarr_session=".count).prefix { $0 != ";" })
        }.first
    }
}

extension AppComponents {
    var apiKey: String {
        get async throws { try await auth.apiKey() }
    }
}
