import AutoArrTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Drives the real `autoarr` binary, as a user would.
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("autoarr")
    }

    /// Runs the binary to completion, waiting on a thread of its own.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> Run {
        try await onOwnThread { try runBlocking(arguments, stdin: stdin, environment: environment) }
    }

    private static func runBlocking(_ arguments: [String], stdin: String?, environment: [String: String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AUTOARR_") }.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    @Test func theBinaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "run `swift build` before `swift test`")
    }

    @Test(arguments: [
        ("services:\n  - name: sonarr\n    kind: sonarr\n    url: not a url\n    apiKey: k\n", "services[0].url"),
        ("services:\n  - name: x\n    kind: emby\n    url: http://x:1\n", "services[0].kind"),
        ("services:\n  - name: x\n    kind: nzbget\n    url: http://x:1\n    timeout: -5s\n", "services[0].timeout"),
        ("server:\n  port: 99999\n", "server.port"),
        ("server: [unclosed\n", "autoarr.yml"),
        ("serverr:\n  port: 1\n", "serverr"),
    ])
    func aBadConfigStopsStartupWithExitCode2AndOneLine(yaml: String, key: String) async throws {
        let dataDir = TestApp.temporaryDirectory()
        try yaml.write(toFile: "\(dataDir)/autoarr.yml", atomically: true, encoding: .utf8)
        let result = try await Self.run(["serve", "--data-dir", dataDir, "--port", "0"])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains(key), "\(result.stderr)")
        #expect(result.stderr.contains("expected"))
    }

    @Test func aBadEnvironmentVariableIsNamed() async throws {
        let result = try await Self.run(["serve", "--data-dir", TestApp.temporaryDirectory()], environment: ["SONARR_URL": "sonarr:8989", "SONARR_API_KEY": "secret-value"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("SONARR_URL"))
        #expect(!result.stderr.contains("secret-value"))
    }

    @Test func dataDirComesFromTheFlagThenTheEnvironment() async throws {
        let flagDir = TestApp.temporaryDirectory(), envDir = TestApp.temporaryDirectory()
        let byFlag = try await Self.run(["apikey", "show", "--data-dir", flagDir], environment: ["AUTOARR_DATA_DIR": envDir])
        #expect(byFlag.status == 0)
        #expect(FileManager.default.fileExists(atPath: "\(flagDir)/autoarr.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: "\(envDir)/autoarr.sqlite"))
        let byEnv = try await Self.run(["apikey", "show"], environment: ["AUTOARR_DATA_DIR": envDir])
        #expect(byEnv.status == 0)
        #expect(FileManager.default.fileExists(atPath: "\(envDir)/autoarr.sqlite"))
    }

    @Test func userCreateReadsThePasswordFromStdin() async throws {
        let dataDir = TestApp.temporaryDirectory()
        let created = try await Self.run(["user", "create", "--username", "admin", "--data-dir", dataDir], stdin: "correct horse battery\n")
        #expect(created.status == 0, "\(created.stderr)")
        let again = try await Self.run(["user", "create", "--username", "admin", "--data-dir", dataDir], stdin: "correct horse battery\n")
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        let short = try await Self.run(["user", "create", "--username", "bob", "--data-dir", dataDir], stdin: "short\n")
        #expect(short.status == 1)
        #expect(short.stderr.contains("password"))
    }

    @Test func apikeyShowAndRotate() async throws {
        let dataDir = TestApp.temporaryDirectory()
        let shown = try await Self.run(["apikey", "show", "--data-dir", dataDir]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(shown.count == 32)
        #expect(try await Self.run(["apikey", "show", "--data-dir", dataDir]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == shown)
        let rotated = try await Self.run(["apikey", "rotate", "--data-dir", dataDir]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(rotated.count == 32)
        #expect(rotated != shown)
        #expect(try await Self.run(["apikey", "show", "--data-dir", dataDir]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == rotated)
    }

    @Test func versionPrintsTheVersion() async throws {
        #expect(try await Self.run(["version"]).stdout.hasPrefix("autoarr 0."))
    }

    @Test func serveShutsDownGracefullyOnSIGTERM() async throws {
        let dataDir = TestApp.temporaryDirectory()
        let port = 20000 + Int.random(in: 0..<20000)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--data-dir", dataDir, "--port", "\(port)"]
        let err = Pipe()
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var up = false
        for _ in 0..<100 where !up {
            try await Task.sleep(for: .milliseconds(100))
            let response = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v1/health")!)
            up = (response?.1 as? HTTPURLResponse)?.statusCode == 200
        }
        #expect(up)
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }
}
