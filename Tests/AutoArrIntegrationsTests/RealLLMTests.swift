import AutoArrCore
import AutoArrTestSupport
import Foundation
import Testing
@testable import AutoArrIntegrations

/// The OpenAI-compatible provider against a real model: llama.cpp's server with SmolLM2-135M. The model is tiny:
/// these tests check the wiring and that the output validates, not how well it reads requests.
@Suite(.serialized) struct RealLLMTests {
    @Test func theOpenAIProviderWorksAgainstARealLocalModel() async throws {
        try await LocalLLMServer.with { server in
            let model = OpenAIModel(name: "local", baseURL: server.url, model: "smollm2", apiKey: nil, timeout: .seconds(120))
            #expect(try await model.models().isEmpty == false)
            #expect(try await model.health().contains("model"))

            let started = ContinuousClock.now
            let completion = try await model.complete([.system("You are terse."), .user("Say hello.")], options: CompletionOptions(temperature: 0, maxTokens: 32))
            let elapsed = ContinuousClock.now - started
            #expect(!completion.text.isEmpty)
            let tokens = try #require(completion.outputTokens)
            print("local model: completion \(LLMChain.milliseconds(elapsed)) ms, \(tokens) tokens, \(String(format: "%.0f", Double(tokens) / (LLMChain.milliseconds(elapsed) / 1000))) tokens/s")

            var streamed: [String] = []
            for try await delta in model.stream([.user("Count to five.")], options: CompletionOptions(temperature: 0, maxTokens: 24)) { streamed.append(delta) }
            #expect(streamed.count > 1)
            #expect(!streamed.joined().isEmpty)

            let extractStart = ContinuousClock.now
            let (json, _) = try await model.extractJSON(schema: RequestExtraction.schema, messages: RequestExtraction.messages(for: "add the movie Dune from 2021 in 4K"))
            let parsed = try RequestExtraction.validate(json, provider: "local")
            print("local model: extraction \(LLMChain.milliseconds(ContinuousClock.now - extractStart)) ms → \(parsed.json)")
            #expect(parsed.title?.isEmpty == false)

            // Through the chain: the local model answers, and the request seam marks it as the reader.
            let chain = LLMChain([.init(model, timeout: .seconds(120))])
            let reading = try await ChainInterpreter(chain: chain).interpret("that dune film, the new one", parsed: ParsedRequest(title: "that dune film, the new one"))
            #expect(reading?.interpretedBy == "local")

            // An audit run's plain-language summary comes from the model; the rules provider alone writes none.
            let rule = AuditRule(id: "arr.hardlinks", services: ["radarr"], setting: "mediamanagement.copyUsingHardlinks", check: .equals, value: true,
                                 severity: .high, title: "Imports use hardlinks instead of copies", rationale: "r", source: "https://x",
                                 fix: .init(value: true), examples: .init(pass: true, fail: false))
            let finding = StoredFinding(AuditFinding(ruleId: rule.id, instance: "radarr", status: .fail, detail: "is false, recommended true"), rule: rule)
            let summary = await AuditService.summarizer(chain)([rule], [finding])
            print("local model: audit summary: \(summary ?? "none")")
            #expect(summary?.isEmpty == false)
            #expect(await AuditService.summarizer(LLMChain([.init(RulesModel())]))([rule], [finding]) == nil)
            #expect(await AuditService.summarizer(chain)([rule], []) == nil)
        }
    }
}
