import AutoArrSimulator
import AutoArrTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `autoarr demo` and `autoarr simulate`, run as a user runs them.
@Suite struct DemoCLITests {
    /// Starts the binary with stdout in a file; stops it with SIGTERM when `body` is done.
    static func running(_ arguments: [String], until marker: String, _ body: (String) async throws -> Void) async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var text = ""
        for _ in 0..<150 where !text.contains(marker) {
            try await Task.sleep(for: .milliseconds(100))
            text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        }
        try #require(text.contains(marker), "no \(marker) in: \(text)")
        try await body(text)
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }

    static func request(_ url: String, method: String = "GET", key: String? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let key { request.setValue(key, forHTTPHeaderField: "X-Api-Key") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
    }

    @Test func demoServesAutoArrWiredToTheSimulatedStack() async throws {
        let port = try RealDaemon.freePort(), control = try RealDaemon.freePort()
        try await Self.running(["demo", "--port", "\(port)", "--control-port", "\(control)"], until: "Stop with Ctrl-C") { text in
            let key = try #require(text.split(separator: "\n").first { $0.contains("API key") }?.split(separator: " ").last.map(String.init))
            // The simulator's control API, printed, answers as the README shows.
            #expect(text.contains("simulator http://127.0.0.1:\(control)"), "\(text)")
            let (stateStatus, state) = try await Self.request("http://127.0.0.1:\(control)/state")
            #expect(stateStatus == 200)
            #expect((state["radarr"] as? [String: Any])?["library"] as? Int == 10)
            let dataDir = try #require(text.split(separator: "\n").first { $0.contains("data dir") }?.split(separator: " ")[2])
            #expect(FileManager.default.fileExists(atPath: String(dataDir)))
            for name in ["sonarr", "radarr", "sabnzbd", "plex"] {
                let (status, result) = try await Self.request("http://127.0.0.1:\(port)/api/v1/services/\(name)/test", method: "POST", key: key)
                #expect(status == 200)
                #expect(result["status"] as? String == "ok", "\(name): \(result)")
            }
        }
    }

    @Test func simulateServesTheStackAndItsControlAPI() async throws {
        let ports = try (0..<5).map { _ in try RealDaemon.freePort() }
        let arguments = ["simulate", "--sonarr-port", "\(ports[0])", "--radarr-port", "\(ports[1])", "--sabnzbd-port", "\(ports[2])",
                         "--plex-port", "\(ports[3])", "--control-port", "\(ports[4])", "--speed", "0"]
        try await Self.running(arguments, until: "Stop with Ctrl-C") { text in
            let line = try #require(text.split(separator: "\n").first { $0.contains("radarr") })
            let key = String(try #require(line.split(separator: " ").last))
            let (status, body) = try await Self.request("http://127.0.0.1:\(ports[1])/api/v3/system/status", key: key)
            #expect(status == 200)
            #expect(body["appName"] as? String == "Radarr")
            #expect(try await Self.request("http://127.0.0.1:\(ports[1])/api/v3/system/status", key: "wrong").0 == 401)
            let (_, state) = try await Self.request("http://127.0.0.1:\(ports[4])/state")
            #expect((state["radarr"] as? [String: Any])?["library"] as? Int == 10)
        }
    }

    @Test func simulateNamesABadOption() async throws {
        let run = try await CLITests.run(["simulate", "--speed", "-5"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--speed"))
    }

    @Test func requestAddsTheClearMatchOrListsTheCandidates() async throws {
        let simulation = Simulation()
        try await Simulator.with(simulation) { endpoints in
            let dataDir = TestApp.temporaryDirectory()
            try """
                services:
                  - name: radarr
                    kind: radarr
                    url: \(endpoints.radarr.absoluteString)
                    apiKey: \(simulation.keys.radarr)
                """.write(toFile: "\(dataDir)/autoarr.yml", atomically: true, encoding: .utf8)
            let added = try await CLITests.run(["request", "add Arrival movie", "--yes", "--data-dir", dataDir])
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout.contains("searching — Arrival (2016) in radarr"), "\(added.stdout)")

            let listed = try await CLITests.run(["request", "add Dune movie", "--pick", "2", "--data-dir", dataDir])
            #expect(listed.stdout.contains("1. Dune (2021)"), "\(listed.stdout)")
            #expect(listed.stdout.contains("2. Dune (1984)"), "\(listed.stdout)")
            #expect(listed.stdout.contains("searching — Dune (1984)"), "\(listed.stdout)")
            #expect(await simulation.summary()["radarr"]?["library"] == 2)

            let junk = try await CLITests.run(["request", "!!!", "--data-dir", dataDir])
            #expect(junk.status == 2)
            #expect(junk.stderr.contains("no words"))
        }
    }

    @Test func llmTestChecksEveryProvider() async throws {
        let dataDir = TestApp.temporaryDirectory()
        let rulesOnly = try await CLITests.run(["llm", "test", "--data-dir", dataDir])
        #expect(rulesOnly.status == 0, "\(rulesOnly.stderr)")
        #expect(rulesOnly.stdout.contains("rules (request-parser): built in"), "\(rulesOnly.stdout)")
        #expect(rulesOnly.stdout.contains("title Dune"), "\(rulesOnly.stdout)")

        let port = try RealDaemon.freePort()
        let down = try await CLITests.run(["llm", "test", "--data-dir", dataDir], environment: ["OLLAMA_URL": "http://127.0.0.1:\(port)", "OLLAMA_MODEL": "tiny"])
        #expect(down.status == 1)
        #expect(down.stdout.contains("ollama (tiny): unhealthy"), "\(down.stdout)")
    }
}
