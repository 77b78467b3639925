import AsyncHTTPClient
import AutoArrCore
import Foundation
import NIOHTTP1

/// Ollama: `POST /api/chat` (NDJSON when streaming, `format` set to the JSON schema for extraction),
/// `GET /api/tags`, `GET /api/version`, and `POST /api/pull` when the model is missing and `autoPull` is on.
public struct OllamaModel: LanguageModel {
    public let name: String
    public let model: String
    let baseURL: URL
    let autoPull: Bool
    let http: LLMHTTP

    public init(name: String = "ollama", baseURL: URL, model: String, autoPull: Bool = false, timeout: Duration = .seconds(60),
                client: HTTPClient = HTTPTransport.sharedClient) {
        self.name = name
        self.model = model
        self.baseURL = baseURL
        self.autoPull = autoPull
        http = LLMHTTP(client: client, provider: name, timeout: timeout)
    }

    func body(_ messages: [ChatMessage], _ options: CompletionOptions, stream: Bool) -> [String: JSONValue] {
        var settings: [String: JSONValue] = [:]
        if let temperature = options.temperature { settings["temperature"] = .number(temperature) }
        if let maxTokens = options.maxTokens { settings["num_predict"] = .number(Double(maxTokens)) }
        var body: [String: JSONValue] = [
            "model": .string(model), "stream": .bool(stream), "options": .object(settings),
            "messages": .array(messages.map { message in
                var fields: [String: JSONValue] = ["role": .string(message.role.rawValue), "content": .string(message.content)]
                if !message.toolCalls.isEmpty {
                    fields["tool_calls"] = .array(message.toolCalls.map { ["function": ["name": .string($0.name), "arguments": $0.arguments]] })
                }
                return .object(fields)
            }),
        ]
        if !options.tools.isEmpty {
            body["tools"] = .array(options.tools.map { ["type": "function", "function": ["name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters]] })
        }
        return body
    }

    public func complete(_ messages: [ChatMessage], options: CompletionOptions) async throws -> Completion {
        try await chat(body(messages, options, stream: false))
    }

    private func chat(_ body: [String: JSONValue]) async throws -> Completion {
        let response = try await http.send(.POST, baseURL.joiningAPI("api/chat"), body: .object(body))
        if response.status == 404, autoPull, response.text.contains("not found") {
            try await pull { _ in }
            return try await chat(body)
        }
        guard (200..<300).contains(response.status) else { throw http.failure(response) }
        guard let json = response.json, let message = json["message"] else {
            throw LLMError(.badResponse, provider: name, "the answer has no message: \(response.text.prefix(120))")
        }
        var calls: [ToolCall] = []
        if case .array(let list)? = message["tool_calls"] {
            calls = list.enumerated().compactMap { index, call in
                guard let function = call["function"], let name = function["name"]?.stringValue else { return nil }
                return ToolCall(id: "call_\(index)", name: name, arguments: function["arguments"] ?? [:])
            }
        }
        return Completion(text: message["content"]?.stringValue ?? "", toolCalls: calls, model: json["model"]?.stringValue ?? model,
                          inputTokens: json["prompt_eval_count"]?.intValue, outputTokens: json["eval_count"]?.intValue)
    }

    public func stream(_ messages: [ChatMessage], options: CompletionOptions) -> AsyncThrowingStream<String, any Error> {
        let (http, url, body, name) = (http, baseURL.joiningAPI("api/chat"), body(messages, options, stream: true), name)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await line in try await http.lines(.POST, url, body: .object(body)) where !line.isEmpty {
                        guard let event = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else {
                            throw LLMError(.badResponse, provider: name, "a stream line is not JSON: \(line.prefix(80))")
                        }
                        if let error = event["error"]?.stringValue { throw LLMError(.badResponse, provider: name, error) }
                        if let delta = event["message"]?["content"]?.stringValue, !delta.isEmpty { continuation.yield(delta) }
                        if event["done"]?.boolValue == true { break }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func extractJSON(schema: ExtractionSchema, messages: [ChatMessage]) async throws -> (json: JSONValue, completion: Completion) {
        var request = body(messages, CompletionOptions(temperature: 0, maxTokens: 256), stream: false)
        request["format"] = schema.schema
        let completion = try await chat(request)
        guard let json = JSONText.object(in: completion.text) else {
            throw LLMError(.invalidOutput, provider: name, "the answer is not JSON: \(completion.text.prefix(80))")
        }
        return (json, completion)
    }

    public func health() async throws -> String {
        let response = try await http.send(.GET, baseURL.joiningAPI("api/version"))
        guard (200..<300).contains(response.status), let version = response.json?["version"]?.stringValue else { throw http.failure(response) }
        let installed = try await models()
        let present = installed.contains(model) || installed.contains("\(model):latest")
        return "Ollama \(version), \(model) \(present ? "installed" : autoPull ? "missing (pulled on first use)" : "missing")"
    }

    public func models() async throws -> [String] {
        let response = try await http.send(.GET, baseURL.joiningAPI("api/tags"))
        guard (200..<300).contains(response.status) else { throw http.failure(response) }
        guard case .array(let list)? = response.json?["models"] else { throw LLMError(.badResponse, provider: name, "no model list in the answer") }
        return list.compactMap { $0["name"]?.stringValue }
    }

    /// Pulls the model, reporting Ollama's progress lines ("pulling manifest", "downloading 42%", "success").
    public func pull(progress: @Sendable (String) -> Void) async throws {
        for try await line in try await http.lines(.POST, baseURL.joiningAPI("api/pull"), body: ["model": .string(model), "stream": true]) where !line.isEmpty {
            guard let event = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else { continue }
            if let error = event["error"]?.stringValue { throw LLMError(.badResponse, provider: name, "pull \(model): \(error)") }
            var status = event["status"]?.stringValue ?? ""
            if let total = event["total"]?.intValue, let done = event["completed"]?.intValue, total > 0 { status += " \(done * 100 / total)%" }
            progress(status)
        }
    }
}
