import ArgumentParser
import AutoArrApp

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Show or rotate the API key.", subcommands: [Show.self, Rotate.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the API key.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let config = try common.loadConfig()
            print(try await openComponents(config, logger: makeLogger(config)).auth.apiKey())
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the API key and print the new one. The old key stops working.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let config = try common.loadConfig()
            print(try await openComponents(config, logger: makeLogger(config)).auth.rotateAPIKey())
        }
    }
}
