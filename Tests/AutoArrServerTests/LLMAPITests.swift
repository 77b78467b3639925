import AutoArrApp
import AutoArrCore
import AutoArrTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/api/v1/llm/*` and the chain's place in requests, with an OpenAI-compatible fake first in the chain.
@Suite struct LLMAPITests {
    static let answer = #"{"choices":[{"message":{"role":"assistant","content":"{\"type\":\"movie\",\"title\":\"Inception\",\"year\":2010,\"season\":null,\"episode\":null,\"quality\":null}"}}],"usage":{"prompt_tokens":40,"completion_tokens":20}}"#

    @Test func providersAreListedTestedAndUsedForUnsureRequests() async throws {
        try await FakeService.run({ router in
            router.post("v1/chat/completions") { _, _ in FakeService.json(Self.answer) }
            router.get("v1/models") { _, _ in FakeService.json(#"{"data":[{"id":"fake-model"}]}"#) }
        }) { url in
            // Radarr is the fake too: its lookup fails, which leaves the request failed but parsed.
            var app = TestApp(services: [ServiceInstance(name: "radarr", kind: .radarr, url: url, credentials: .init(apiKey: "k"))])
            app.config.llm.providers = [AppConfig.LLM.Provider(name: "local", kind: .openai, url: url, model: "fake-model", apiKey: "sk-secret-value")]
            try await app.run { client, components in
                let key = try await components.auth.apiKey()
                let listed = try await client.send(.get, "/api/v1/llm/providers", as: .key(key))
                #expect(listed.status == .ok)
                let providers = try #require(listed.object["providers"] as? [[String: Any]])
                #expect(providers.compactMap { $0["name"] as? String } == ["local", "rules"])
                #expect(providers.allSatisfy { $0["healthy"] as? Bool == true })
                #expect(!String(buffer: listed.body).contains("sk-secret-value"))

                let tested = try await client.send(.post, "/api/v1/llm/test", as: .key(key), json: #"{"query":"that film about dreams within dreams"}"#)
                let samples = try #require(tested.object["providers"] as? [[String: Any]])
                #expect((samples[0]["sample"] as? [String: Any])?["title"] as? String == "Inception")
                #expect(samples[0]["sampleLatencyMs"] as? Double != nil)
                let bad = try await client.send(.post, "/api/v1/llm/test", as: .key(key), json: #"{"query":""}"#)
                #expect(bad.status == .badRequest)
                #expect(String(buffer: bad.body).contains(#""field":"query""#))

                // A request the parser is unsure of goes through the chain; the parse says who read it.
                let request = try await client.send(.post, "/api/v1/requests", as: .key(key),
                                                    json: #"{"query":"the one where a thief steals secrets from people in their dreams"}"#)
                let parsed = try #require(request.object["parsed"] as? [String: Any])
                #expect(parsed["provider"] as? String == "local")
                #expect(parsed["title"] as? String == "Inception")

                let metrics = String(buffer: try await client.send(.get, "/metrics").body)
                #expect(metrics.contains(#"autoarr_llm_calls_total{provider="local",outcome="ok"}"#))
                #expect(metrics.contains(#"autoarr_llm_tokens_total{provider="local",direction="out"}"#))
            }
        }
    }
}
