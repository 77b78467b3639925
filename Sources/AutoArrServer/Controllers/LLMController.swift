import AutoArrCore
import Foundation
import Hummingbird

/// The language model providers: their health and a sample extraction.
struct LLMController {
    let chain: LLMChain

    struct ProviderResource: Encodable {
        var name: String
        var model: String
        var healthy: Bool
        var health: String
        var healthLatencyMs: Double
        var lastLatencyMs: Double?
        var lastError: String?
        var circuitOpenUntil: String?
        var sample: JSONValue?
        var sampleLatencyMs: Double?
        var sampleError: String?
    }

    struct ProviderList: ResponseEncodable {
        var providers: [ProviderResource]
    }

    struct TestInput: Decodable {
        var query: String?
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("llm/providers") { _, _ in
            ProviderList(providers: await Self.check(chain, sample: nil))
        }
        group.post("llm/test") { request, context in
            let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? false
            let input = hasBody ? try await request.decodeJSON(TestInput.self, context: context) : TestInput()
            let query = input.query ?? "add the new Dune movie in 4K"
            guard !query.trimmingCharacters(in: .whitespaces).isEmpty, query.count <= 500 else {
                throw AutoArrError(.invalidInput, "expected a request of 1 to 500 characters", field: "query")
            }
            return ProviderList(providers: await Self.check(chain, sample: query))
        }
    }

    /// Each provider's health and sample (`LLMChain.check`), with what the chain last saw of it.
    static func check(_ chain: LLMChain, sample: String?) async -> [ProviderResource] {
        let statuses = await chain.statuses()
        return await chain.check(sample: sample).enumerated().map { index, check in
            let status = statuses[index]
            return ProviderResource(
                name: check.name, model: check.model, healthy: check.healthy, health: check.health, healthLatencyMs: check.healthLatencyMs,
                lastLatencyMs: status.lastLatencyMs, lastError: status.lastError, circuitOpenUntil: status.circuitOpenUntil.map(ISO8601Timestamp.format),
                sample: check.sample?.json, sampleLatencyMs: check.sampleLatencyMs, sampleError: check.sampleError)
        }
    }
}
