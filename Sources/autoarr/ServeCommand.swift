import ArgumentParser
import AutoArrApp
import Hummingbird

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the server until SIGINT or SIGTERM.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Interface to listen on. Default: server.host, else 127.0.0.1.")
    var host: String?

    @Option(help: "Port to listen on. Default: server.port, else 8787.")
    var port: Int?

    func run() async throws {
        var config = try common.loadConfig()
        if let host { config.server.host = host }
        if let port { config.server.port = port }
        let logger = makeLogger(config)
        let app = try await buildApplication(openComponents(config, logger: logger))
        try await app.runService()
    }
}
