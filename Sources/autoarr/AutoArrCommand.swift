import ArgumentParser

@main
struct AutoArrCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autoarr",
        abstract: "A self-hosted assistant for Sonarr, Radarr, download clients and Plex.",
        subcommands: [ServeCommand.self, DemoCommand.self, SimulateCommand.self, CheckCommand.self, ParseCommand.self, RequestCommand.self, LLMCommand.self, QueueCommand.self, RecoverCommand.self, AuditCommand.self, MCPCommand.self, UserCommand.self, APIKeyCommand.self, VersionCommand.self],
        defaultSubcommand: ServeCommand.self)
}
