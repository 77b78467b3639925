import ArgumentParser
import AutoArrCore
import AutoArrServer
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
            for provider in chain.providers {
                let model = provider.model
                let start = ContinuousClock.now
                let health: String
                do { health = try await LLMChain.within(.seconds(10), provider: model.name) { try await model.health() } } catch {
                    print("\(model.name) (\(model.model)): unhealthy: \(error)")
                    failed = true
                    continue
                }
                let healthMs = LLMChain.milliseconds(ContinuousClock.now - start)
                let sampleStart = ContinuousClock.now
                do {
                    let (json, completion) = try await LLMChain.within(provider.timeout, provider: model.name) {
                        try await model.extractJSON(schema: RequestExtraction.schema, messages: RequestExtraction.messages(for: query))
                    }
                    let parsed = try RequestExtraction.validate(json, provider: model.name)
                    let tokens = completion.outputTokens.map { ", \($0) tokens out" } ?? ""
                    print("\(model.name) (\(model.model)): \(health) [\(healthMs) ms]; sample in \(LLMChain.milliseconds(ContinuousClock.now - sampleStart)) ms\(tokens): "
                          + "type \(parsed.type?.rawValue ?? "-"), title \(parsed.title ?? "-"), year \(parsed.year.map(String.init) ?? "-"), quality \(parsed.quality?.rawValue ?? "-")")
                } catch {
                    print("\(model.name) (\(model.model)): \(health) [\(healthMs) ms]; sample failed: \(error)")
                    failed = true
                }
            }
            if failed { throw ExitCode.failure }
        }
    }
}
