import ArgumentParser
import AutoArrSimulator
import Foundation
import Logging

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a simulated Sonarr, Radarr, SABnzbd and Plex on 127.0.0.1, with a library, downloads and failures.")

    @Option(help: "Sonarr's port.") var sonarrPort = 8989
    @Option(help: "Radarr's port.") var radarrPort = 7878
    @Option(help: "SABnzbd's port.") var sabnzbdPort = 8080
    @Option(help: "Plex's port.") var plexPort = 32400
    @Option(help: "The control API's port (faults, clock).") var controlPort = 8990
    @Option(help: "Simulated seconds per real second (0 stops the clock; move it with POST /advance).") var speed: Double = 30
    @Flag(help: "Start empty, without the demo library and its failures.") var empty = false
    @Option(help: "Write every response to this file as JSON lines.") var record: String?

    func validate() throws {
        guard (0...3600).contains(speed) else { throw ValidationError("--speed: expected 0 to 3600 simulated seconds per second, got \(speed)") }
        for (name, port) in [("--sonarr-port", sonarrPort), ("--radarr-port", radarrPort), ("--sabnzbd-port", sabnzbdPort),
                             ("--plex-port", plexPort), ("--control-port", controlPort)] where !(0...65535).contains(port) {
            throw ValidationError("\(name): expected a port from 0 to 65535, got \(port)")
        }
    }

    func run() async throws {
        let simulation = Simulation()
        if !empty { await simulation.seedDemo() }
        let recorder = try record.map { try ExchangeRecorder(path: $0) }
        let ports = Simulator.Ports(sonarr: sonarrPort, radarr: radarrPort, sabnzbd: sabnzbdPort, plex: plexPort, control: controlPort)
        var logger = Logger(label: "autoarr.simulator")
        logger.logLevel = .warning
        do {
            try await Simulator.run(simulation, ports: ports, speed: speed, recorder: recorder, logger: logger) { endpoints in
                let keys = simulation.keys
                printNow("""
                    AutoArr simulator (clock x\(speed))
                      sonarr   \(endpoints.sonarr)  API key \(keys.sonarr)
                      radarr   \(endpoints.radarr)  API key \(keys.radarr)
                      sabnzbd  \(endpoints.sabnzbd)/sabnzbd  API key \(keys.sabnzbd)
                      plex     \(endpoints.plex)  token \(keys.plex)
                      control  \(endpoints.control)  (GET /state, POST /advance, POST /faults, POST /download-faults)
                    Stop with Ctrl-C.
                    """)
            }
        } catch {
            FileHandle.standardError.write(Data("autoarr: simulator: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
