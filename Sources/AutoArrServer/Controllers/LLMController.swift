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

    /// Each provider's health, and (with a sample) one extraction, all at once with their latencies.
    static func check(_ chain: LLMChain, sample: String?) async -> [ProviderResource] {
        let statuses = await chain.statuses()
        return await withTaskGroup(of: (Int, ProviderResource).self) { group in
            for (index, provider) in chain.providers.enumerated() {
                let status = statuses[index]
                group.addTask {
                    let start = ContinuousClock.now
                    var resource = ProviderResource(name: status.name, model: status.model, healthy: false, health: "", healthLatencyMs: 0,
                                                    lastLatencyMs: status.lastLatencyMs, lastError: status.lastError,
                                                    circuitOpenUntil: status.circuitOpenUntil.map(ISO8601Timestamp.format))
                    do {
                        resource.health = try await LLMChain.within(.seconds(10), provider: status.name) { try await provider.model.health() }
                        resource.healthy = true
                    } catch {
                        resource.health = "\(error)"
                    }
                    resource.healthLatencyMs = LLMChain.milliseconds(ContinuousClock.now - start)
                    if let sample, resource.healthy {
                        let started = ContinuousClock.now
                        do {
                            let (json, _) = try await LLMChain.within(provider.timeout, provider: status.name) {
                                try await provider.model.extractJSON(schema: RequestExtraction.schema, messages: RequestExtraction.messages(for: sample))
                            }
                            resource.sample = try RequestExtraction.validate(json, provider: status.name).json
                        } catch {
                            resource.sampleError = "\(error)"
                        }
                        resource.sampleLatencyMs = LLMChain.milliseconds(ContinuousClock.now - started)
                    }
                    return (index, resource)
                }
            }
            var results: [(Int, ProviderResource)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
