import ArgumentParser
import AutoArrCore
import AutoArrServer
import Foundation
import Hummingbird

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve with a fresh temporary data dir, printing the admin login and API key it created.")

    @Option(help: "Port to listen on.")
    var port = 8787

    func run() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("autoarr-demo-\(UUID().uuidString.prefix(8))").path
        var config = AppConfig(dataDir: dataDir)
        config.server.port = port
        let logger = makeLogger(config)
        let components = try await openComponents(config, logger: logger)
        let password = SecureToken.hex(bytes: 8)
        _ = try await components.auth.createUser(username: "admin", password: password)
        print("""
            AutoArr demo
              data dir  \(dataDir)
              open      http://127.0.0.1:\(port)/api/v1/health
              username  admin
              password  \(password)
              API key   \(try await components.auth.apiKey())
            Try: curl -H 'X-Api-Key: <API key>' http://127.0.0.1:\(port)/api/v1/system/status
            Stop with Ctrl-C; the data dir is removed then.
            """)
        let app = try await buildApplication(components)
        try await app.runService()
        try? FileManager.default.removeItem(atPath: dataDir)
    }
}
