import AutoArrCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import Synchronization

/// The simulated stack on loopback: Sonarr, Radarr, SABnzbd and Plex each on its own port, plus a control API
/// for scripting faults and moving the clock.
public enum Simulator {
    public struct Ports: Sendable {
        public var sonarr = 0, radarr = 0, sabnzbd = 0, plex = 0, control = 0

        public init(sonarr: Int = 0, radarr: Int = 0, sabnzbd: Int = 0, plex: Int = 0, control: Int = 0) {
            self.sonarr = sonarr
            self.radarr = radarr
            self.sabnzbd = sabnzbd
            self.plex = plex
            self.control = control
        }
    }

    /// Where each simulated service listens.
    public struct Endpoints: Sendable {
        public var sonarr, radarr, sabnzbd, plex, control: URL

        /// The four simulated services as AutoArr instances, each named after its kind.
        public func drafts(keys: Simulation.Keys) -> [ServiceDraft] {
            [
                ServiceDraft(name: "sonarr", kind: "sonarr", url: sonarr.absoluteString, credentials: .init(apiKey: keys.sonarr)),
                ServiceDraft(name: "radarr", kind: "radarr", url: radarr.absoluteString, credentials: .init(apiKey: keys.radarr)),
                ServiceDraft(name: "sabnzbd", kind: "sabnzbd", url: sabnzbd.absoluteString, credentials: .init(apiKey: keys.sabnzbd)),
                ServiceDraft(name: "plex", kind: "plex", url: plex.absoluteString, credentials: .init(token: keys.plex)),
            ]
        }
    }

    /// Serves until the task is cancelled or the process is asked to shut down (SIGTERM, SIGINT).
    public static func run(_ simulation: Simulation, ports: Ports = Ports(), host: String = "127.0.0.1", speed: Double = 0,
                           recorder: ExchangeRecorder? = nil, logger: Logger = Logger(label: "autoarr.simulator"),
                           onReady: @escaping @Sendable (Endpoints) async -> Void) async throws {
        try await group(simulation, ports: ports, host: host, speed: speed, recorder: recorder, logger: logger,
                        signals: [.sigterm, .sigint], onReady: onReady).run()
    }

    /// The simulated services as one service group, to run alone or inside another (the demo's server).
    /// - Parameters:
    ///   - speed: simulated seconds per real second; 0 leaves the clock to `advance(by:)` and the control API.
    ///   - signals: the signals that shut it down; none when it runs inside another group.
    ///   - onReady: called once every port is listening.
    public static func group(_ simulation: Simulation, ports: Ports = Ports(), host: String = "127.0.0.1", speed: Double = 0,
                             recorder: ExchangeRecorder? = nil, logger: Logger = Logger(label: "autoarr.simulator"),
                             signals: [UnixSignal] = [], onReady: @escaping @Sendable (Endpoints) async -> Void) -> ServiceGroup {
        let bound = Mutex<[String: Int]>([:])
        let roles: [(String, Int, SimulatedApp?)] = [
            ("sonarr", ports.sonarr, .sonarr), ("radarr", ports.radarr, .radarr), ("sabnzbd", ports.sabnzbd, .sabnzbd),
            ("plex", ports.plex, .plex), ("control", ports.control, nil),
        ]
        var services: [any Service] = roles.map { name, port, app in
            Application(
                responder: SimulatorResponder(app: app, simulation: simulation, recorder: recorder),
                configuration: .init(address: .hostname(host, port: port), serverName: name),
                onServerRunning: { channel in
                    let all = bound.withLock { ports -> [String: Int]? in
                        ports[name] = channel.localAddress?.port ?? 0
                        return ports.count == roles.count ? ports : nil
                    }
                    guard let all else { return }
                    await simulation.attach(sabPort: all["sabnzbd"] ?? 0)
                    func url(_ name: String) -> URL { URL(string: "http://\(host):\(all[name] ?? 0)")! }
                    let endpoints = Endpoints(sonarr: url("sonarr"), radarr: url("radarr"), sabnzbd: url("sabnzbd"), plex: url("plex"), control: url("control"))
                    // Hummingbird starts serving a server's connections only once this callback returns: `onReady` runs
                    // on its own, or whatever it asks of the last server to start (the demo's first monitor pass) would
                    // wait for itself until it timed out (that was the dashboard's 27 s "latency").
                    Task { await onReady(endpoints) }
                },
                logger: logger)
        }
        if speed > 0 { services.append(SimulationClock(simulation: simulation, speed: speed)) }
        return ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: signals, logger: logger))
    }

    /// Runs the simulator for the length of `body`, then stops it.
    public static func with<T: Sendable>(_ simulation: Simulation, speed: Double = 0, recorder: ExchangeRecorder? = nil,
                                         _ body: @Sendable (Endpoints) async throws -> T) async throws -> T {
        let (ready, continuation) = AsyncStream<Endpoints>.makeStream()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await run(simulation, speed: speed, recorder: recorder, logger: Logger(label: "autoarr.simulator", factory: { _ in SwiftLogNoOpLogHandler() })) {
                    continuation.yield($0)
                    continuation.finish()
                }
                return nil
            }
            var iterator = ready.makeAsyncIterator()
            guard let endpoints = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body(endpoints)
        }
    }
}

/// Moves the simulation's clock in real time, `speed` times faster.
struct SimulationClock: Service {
    let simulation: Simulation
    let speed: Double

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                guard !Task.isCancelled else { return }
                await simulation.advance(by: 0.5 * speed)
            }
        }
    }
}

/// Turns HTTP requests into `SimRequest`s for one simulated service, applying faults and authentication first.
struct SimulatorResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let app: SimulatedApp?
    let simulation: Simulation
    let recorder: ExchangeRecorder?

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        var simRequest = SimRequest(method: request.method.rawValue, segments: [], query: Self.query(request.uri.query ?? ""))
        simRequest.rawBody = Array(buffer: try await request.body.collect(upTo: 4 << 20))
        if !simRequest.rawBody.isEmpty {
            simRequest.body = try? JSONDecoder().decode(JSONValue.self, from: Data(simRequest.rawBody))
            simRequest.bodyIsInvalid = simRequest.body == nil && (request.headers[.contentType] ?? "").contains("json")
        }
        let reply = await answer(path: path, request: simRequest, headers: request.headers)
        if let app { recorder?.record(app: app, method: simRequest.method, path: path, query: request.uri.query, reply: reply) }
        var headers: HTTPFields = [.contentType: reply.contentType]
        if reply.json == nil, reply.text == nil { headers = [:] }
        return Response(status: .init(code: reply.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.bytes)))
    }

    private func answer(path: String, request: SimRequest, headers: HTTPFields) async -> SimReply {
        guard let app else { return await ControlAPI(simulation: simulation).answer(path: path, request: request) }
        if let fault = await simulation.takeFault(app: app, path: path) {
            switch fault.kind {
            case .serverError:
                return SimReply(status: 500, json: ["message": "Simulated failure", "description": .string("AutoArr simulator: scripted 500 for \(path)")])
            case .timeout:
                try? await Task.sleep(for: .seconds(fault.seconds ?? 30))
                return SimReply(status: 504, text: "Gateway Timeout")
            case .garbage:
                return SimReply(status: 200, text: "{\"records\":[{\"id\":1,\"title\":\"Trunc", contentType: "application/json")
            case .unauthorized:
                return app == .sabnzbd ? .text("API Key Incorrect", status: 403) : SimReply(status: 401)
            case .slow:
                // Carried out at once, answered late: a client that gives up (or dies) meanwhile has still changed things.
                let reply = await carryOut(app: app, path: path, request: request, headers: headers)
                try? await Task.sleep(for: .seconds(fault.seconds ?? 3))
                return reply
            }
        }
        return await carryOut(app: app, path: path, request: request, headers: headers)
    }

    private func carryOut(app: SimulatedApp, path: String, request: SimRequest, headers: HTTPFields) async -> SimReply {
        var request = request
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        switch app {
        case .sonarr, .radarr:
            guard segments.count >= 2, segments[0] == "api", segments[1] == "v3" else { return .notFound() }
            let key = headers[HTTPField.Name("X-Api-Key")!] ?? request[query: "apikey"]
            guard key == (app == .sonarr ? simulation.keys.sonarr : simulation.keys.radarr) else { return SimReply(status: 401) }
            if request.bodyIsInvalid { return .invalid("Body", "The request body is not valid JSON") }
            request.segments = Array(segments.dropFirst(2))
            return await simulation.servarr(app == .sonarr ? .sonarr : .radarr, request)
        case .sabnzbd:
            guard segments == ["api"] || segments == ["sabnzbd", "api"] else { return .text("Not found", status: 404) }
            return await simulation.sabnzbd(request)
        case .plex:
            request.segments = segments
            return await simulation.plex(request, token: headers[HTTPField.Name("X-Plex-Token")!] ?? request[query: "X-Plex-Token"])
        }
    }

    /// `a=1&a=2&b=x%20y` → ["a": ["1", "2"], "b": ["x y"]].
    static func query(_ text: String) -> [String: [String]] {
        var query: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            query[parts[0], default: []].append(parts.count > 1 ? parts[1] : "")
        }
        return query
    }
}
