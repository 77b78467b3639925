import ArgumentParser
import AutoArrCore
import AutoArrApp
import AutoArrSimulator
import Foundation
import Hummingbird

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run AutoArr wired to a simulated Sonarr, Radarr, SABnzbd and Plex, with a fresh temporary data dir.")

    @Option(help: "Port to listen on.")
    var port = 8787

    @Option(help: "Simulated seconds per real second for the simulated downloads.")
    var speed: Double = 60

    @Option(help: "Port of the simulator's control API (faults, the clock, its state), as `autoarr simulate` has it.")
    var controlPort = 8990

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port: expected a port from 0 to 65535, got \(port)") }
        guard (0...65535).contains(controlPort) else { throw ValidationError("--control-port: expected a port from 0 to 65535, got \(controlPort)") }
        guard (0...3600).contains(speed) else { throw ValidationError("--speed: expected 0 to 3600 simulated seconds per second, got \(speed)") }
    }

    func run() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("autoarr-demo-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        var config = AppConfig(dataDir: dataDir)
        config.server.port = port
        // The simulated downloads run on an accelerated clock: so do the monitor's waits, so the planted stall is found
        // within minutes, as it would be after hours on a real stack.
        if speed > 1 {
            config.monitor.stall.stallAfter /= speed
            config.monitor.recovery.grabGrace /= speed
        }
        let logger = makeLogger(config)
        let components = try await openComponents(config, logger: logger)
        let password = SecureToken.hex(bytes: 8)
        _ = try await components.auth.createUser(username: "admin", password: password)
        let apiKey = try await components.auth.apiKey()

        let simulation = Simulation()
        await simulation.seedDemo()
        var simulatorLogger = logger
        simulatorLogger.logLevel = .warning
        let stack = Simulator.group(simulation, ports: .init(control: controlPort), speed: speed, logger: simulatorLogger) { endpoints in
            do {
                try await Self.register(endpoints, keys: simulation.keys, in: components.services)
            } catch {
                logger.error("demo: could not register the simulated services: \(error)")
            }
            printNow("""
                AutoArr demo, wired to a simulated Sonarr, Radarr, SABnzbd and Plex (downloads run x\(speed)).
                  open      http://127.0.0.1:\(port)/
                  username  admin
                  password  \(password)
                  API key   \(apiKey)
                  MCP       http://127.0.0.1:\(port)/mcp (the API key as X-Api-Key or Authorization: Bearer)
                  data dir  \(dataDir) (removed on exit)
                The simulated stack has a library, downloads under way and a few failures to find:
                  a download missing articles, a password-protected one, a stalled season and a blocked import.
                  simulator \(endpoints.control.absoluteString) (control API: faults, the clock, its state; see the README)
                Try: curl -H 'X-Api-Key: \(apiKey)' http://127.0.0.1:\(port)/api/v1/services
                Stop with Ctrl-C.
                """)
            // The background monitor's first pass ran before these services existed: look now, so the seeded
            // failures are found (and recovered) within seconds rather than at the next interval.
            _ = await components.monitor.pass()
        }
        let app = try await buildApplication(components, services: [stack])
        try await app.runService()
    }

    /// Adds the simulated services as AutoArr instances.
    static func register(_ endpoints: Simulator.Endpoints, keys: Simulation.Keys, in registry: ServiceRegistry) async throws {
        for draft in endpoints.drafts(keys: keys) { _ = try await registry.create(draft) }
    }
}
