import ArgumentParser
import AutoArrCore
import AutoArrApp
import Foundation
import Logging

/// `--data-dir` and `--config`, shared by every subcommand that reads the configuration.
struct CommonOptions: ParsableArguments {
    @Option(help: "Data directory (database, key file, autoarr.yml). Default: $AUTOARR_DATA_DIR, then ./data.")
    var dataDir: String?

    @Option(help: "Config file. Default: <data-dir>/autoarr.yml if it exists.")
    var config: String?

    /// The data dir: the flag, then `AUTOARR_DATA_DIR`, then `./data`.
    var resolvedDataDir: String {
        dataDir ?? ProcessInfo.processInfo.environment["AUTOARR_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
    }

    /// Loads the configuration, or prints the one-line error and exits with code 2.
    func loadConfig() throws -> AppConfig {
        do {
            return try ConfigLoader.load(dataDir: resolvedDataDir, file: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("autoarr: config error: \(error)\n".utf8))
            throw ExitCode(ConfigError.exitCode)
        }
    }
}

/// Logging goes to standard error, at the configured level.
func makeLogger(_ config: AppConfig) -> Logger {
    LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
    var logger = Logger(label: "autoarr")
    logger.logLevel = config.logLevel
    return logger
}

/// Opens the app's components, turning a storage failure into one line and exit code 1.
func openComponents(_ config: AppConfig, logger: Logger) async throws -> AppComponents {
    do {
        return try await AppComponents.open(config, logger: logger)
    } catch {
        FileHandle.standardError.write(Data("autoarr: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

/// Prints at once, unbuffered, for banners shown while a server keeps running (stdout may be a file or a pipe).
func printNow(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

extension AppComponents {
    /// Runs one action for the command line, as every other door does: the flags are its input, its output is rendered.
    /// A refusal is one line on standard error and exit code 2 (bad input) or 1.
    func run<Output: ActionOutput>(_ name: String, _ arguments: JSONValue = [:], as type: Output.Type) async throws -> Output {
        do {
            let result = try await actions.call(name, arguments: arguments, by: .system)
            guard let output = result.output as? Output else { throw AutoArrError(.notFound, "\(name) answered nothing") }
            return output
        } catch let error as AutoArrError {
            FileHandle.standardError.write(Data("autoarr: \(error.field.map { error.message.hasPrefix($0) ? "" : "\($0): " } ?? "")\(error.message)\n".utf8))
            throw ExitCode(error.code == .invalidInput ? 2 : 1)
        }
    }
}
