import AsyncHTTPClient
import AutoArrCore
import Foundation

/// Builds the configured providers.
public enum LLMProviders {
    public static func make(_ config: AppConfig.LLM, client: HTTPClient = HTTPTransport.sharedClient) -> [LLMChain.Provider] {
        config.ordered.map { provider in
            let timeout = Duration.milliseconds(Int64(provider.timeout * 1000))
            let model: any LanguageModel = switch provider.kind {
            case .rules: RulesModel()
            case .ollama: OllamaModel(name: provider.name, baseURL: provider.url!, model: provider.model, autoPull: provider.autoPull, timeout: timeout, client: client)
            case .openai: OpenAIModel(name: provider.name, baseURL: provider.url!, model: provider.model, apiKey: provider.apiKey, timeout: timeout, client: client)
            case .anthropic:
                AnthropicModel(name: provider.name, baseURL: provider.url ?? URL(string: "https://api.anthropic.com")!, model: provider.model,
                               apiKey: provider.apiKey ?? "", timeout: timeout, client: client)
            }
            return LLMChain.Provider(model, timeout: timeout)
        }
    }
}
