import ArgumentParser
import AutoArrCore
import AutoArrApp
import Foundation

struct LLMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm", abstract: "Language model providers.", subcommands: [Test.self])

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test", abstract: "Check each provider's health and time a sample request extraction. Exits 1 if any fails.")

        @OptionGroup var common: CommonOptions

        @Option(help: "The sample request.")
        var query = "add the new Dune movie in 4K"

        func run() async throws {
            var config = try common.loadConfig()
            config.logLevel = .warning
            let chain = AppComponents.llmChain(config.llm)
            var failed = false
            for check in await chain.check(sample: query) {
                let label = "\(check.name) (\(check.model))"
                guard check.healthy else {
                    print("\(label): unhealthy: \(check.health)")
                    failed = true
                    continue
                }
                let head = "\(label): \(check.health) [\(check.healthLatencyMs) ms]"
                if let parsed = check.sample {
                    let tokens = check.sampleOutputTokens.map { ", \($0) tokens out" } ?? ""
                    print("\(head); sample in \(check.sampleLatencyMs ?? 0) ms\(tokens): "
                          + "type \(parsed.type?.rawValue ?? "-"), title \(parsed.title ?? "-"), year \(parsed.year.map(String.init) ?? "-"), quality \(parsed.quality?.rawValue ?? "-")")
                } else {
                    print("\(head); sample failed: \(check.sampleError ?? "no answer")")
                    failed = true
                }
            }
            if failed { throw ExitCode.failure }
        }
    }
}
