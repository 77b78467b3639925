import ArgumentParser
import AutoArrApp
import AutoArrCore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Test the connection to every configured service. Exits non-zero if any fails.")

    @OptionGroup var common: CommonOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let config = try common.loadConfig()
        let components = try await openComponents(config, logger: makeLogger(config))
        let results = try await components.connections.checkAll()
        print(json ? try ConnectionReport.json(results) : ConnectionReport.table(results))
        if results.contains(where: { !$0.isOK }) { throw ExitCode.failure }
    }
}
