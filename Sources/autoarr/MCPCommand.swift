import ArgumentParser
import AutoArrApp
import AutoArrCore
import AutoArrMCP
import Foundation

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve AutoArr's actions to an MCP client (Claude Desktop, an agent) on standard input and output.",
        discussion: """
            Logs go to standard error. The queue is read in the background (recovery itself runs in `autoarr serve`, or when a \
            client calls run_recovery). The same tools are served over HTTP at /mcp by `autoarr serve` and `autoarr demo`.
            """)

    @OptionGroup var common: CommonOptions

    @Flag(help: "List and allow only the tools that change nothing (also mcp.readOnly: true).")
    var readOnly = false

    func run() async throws {
        var config = try common.loadConfig()
        if config.logLevel < .warning { config.logLevel = .warning }
        let logger = makeLogger(config)
        let components = try await openComponents(config, logger: logger)
        let monitor = components.monitor
        let interval = config.monitor.interval
        let watcher = Task {
            while !Task.isCancelled {
                _ = await monitor.pass(recover: false)
                try? await Task.sleep(for: .seconds(interval))
            }
        }
        defer { watcher.cancel() }
        try await components.mcpServer(readOnly: readOnly || config.mcp.readOnly).runStdio(logger: logger)
    }
}
