import AsyncHTTPClient
import AutoArrCore
import Foundation
import NIOHTTP1

/// Anthropic's Messages API: `POST /v1/messages` with `x-api-key` and `anthropic-version`; extraction through one
/// tool whose `input_schema` is the schema, forced with `tool_choice`; SSE streaming; 429/529 retried after
/// `retry-after`, at most 3 times.
public struct AnthropicModel: LanguageModel {
    public let name: String
    public let model: String
    let baseURL: URL
    let apiKey: String
    let http: LLMHTTP
    let maxRetries = 3

    public init(name: String = "anthropic", baseURL: URL = URL(string: "https://api.anthropic.com")!, model: String, apiKey: String,
                timeout: Duration = .seconds(60), client: HTTPClient = HTTPTransport.sharedClient) {
        self.name = name
        self.model = model
        self.baseURL = baseURL
        self.apiKey = apiKey
        http = LLMHTTP(client: client, provider: name, timeout: timeout)
    }

    var headers: HTTPHeaders { ["x-api-key": apiKey, "anthropic-version": "2023-06-01", "Accept": "application/json"] }

    func body(_ messages: [ChatMessage], _ options: CompletionOptions, stream: Bool = false) -> [String: JSONValue] {
        let system = messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n\n")
        var body: [String: JSONValue] = [
            "model": .string(model), "max_tokens": .number(Double(options.maxTokens ?? 1024)),
            "messages": .array(messages.filter { $0.role != .system }.map(Self.wire)),
        ]
        if !system.isEmpty { body["system"] = .string(system) }
        if let temperature = options.temperature { body["temperature"] = .number(temperature) }
        if stream { body["stream"] = true }
        if !options.tools.isEmpty {
            body["tools"] = .array(options.tools.map { ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.parameters] })
        }
        return body
    }

    /// Tool results go back as user messages with `tool_result` blocks; tool calls as `tool_use` blocks.
    static func wire(_ message: ChatMessage) -> JSONValue {
        switch message.role {
        case .tool:
            return ["role": "user", "content": [["type": "tool_result", "tool_use_id": .string(message.toolCallId ?? ""), "content": .string(message.content)]]]
        case .assistant where !message.toolCalls.isEmpty:
            var blocks: [JSONValue] = message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
            blocks += message.toolCalls.map { ["type": "tool_use", "id": .string($0.id), "name": .string($0.name), "input": $0.arguments] }
            return ["role": "assistant", "content": .array(blocks)]
        default:
            return ["role": .string(message.role == .assistant ? "assistant" : "user"), "content": .string(message.content)]
        }
    }

    public func complete(_ messages: [ChatMessage], options: CompletionOptions) async throws -> Completion {
        try await send(body(messages, options))
    }

    private func send(_ body: [String: JSONValue]) async throws -> Completion {
        var attempt = 0
        while true {
            let response = try await http.send(.POST, baseURL.joiningAPI("v1/messages"), headers: headers, body: .object(body))
            if response.status == 429 || response.status == 529, attempt < maxRetries {
                attempt += 1
                try await Task.sleep(for: .seconds(LLMHTTP.retryAfter(response.headers) ?? Double(attempt)))
                continue
            }
            guard (200..<300).contains(response.status) else { throw http.failure(response) }
            guard let json = response.json, case .array(let blocks)? = json["content"] else {
                throw LLMError(.badResponse, provider: name, "the answer has no content: \(response.text.prefix(120))")
            }
            let text = blocks.filter { $0["type"] == "text" }.compactMap { $0["text"]?.stringValue }.joined()
            let calls = blocks.filter { $0["type"] == "tool_use" }.compactMap { block -> ToolCall? in
                guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else { return nil }
                return ToolCall(id: id, name: name, arguments: block["input"] ?? [:])
            }
            return Completion(text: text, toolCalls: calls, model: json["model"]?.stringValue ?? model,
                              inputTokens: json["usage"]?["input_tokens"]?.intValue, outputTokens: json["usage"]?["output_tokens"]?.intValue)
        }
    }

    public func stream(_ messages: [ChatMessage], options: CompletionOptions) -> AsyncThrowingStream<String, any Error> {
        let (http, url, headers, body, name) = (http, baseURL.joiningAPI("v1/messages"), headers, body(messages, options, stream: true), name)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await line in try await http.lines(.POST, url, headers: headers, body: .object(body)) {
                        guard line.hasPrefix("data:") else { continue }
                        let data = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
                        guard let event = try? JSONDecoder().decode(JSONValue.self, from: Data(data.utf8)) else {
                            throw LLMError(.badResponse, provider: name, "a stream event is not JSON: \(data.prefix(80))")
                        }
                        switch event["type"]?.stringValue {
                        case "content_block_delta"?:
                            if let text = event["delta"]?["text"]?.stringValue { continuation.yield(text) }
                        case "error"?:
                            throw LLMError(.badResponse, provider: name, event["error"]?["message"]?.stringValue ?? "stream error")
                        case "message_stop"?:
                            continuation.finish()
                            return
                        default:
                            break
                        }
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
        var request = body(messages, CompletionOptions(temperature: 0, maxTokens: 512,
                                                       tools: [ToolSpec(name: schema.name, description: "Record the fields read from the request.", parameters: schema.schema)]))
        request["tool_choice"] = ["type": "tool", "name": .string(schema.name)]
        let completion = try await send(request)
        guard let call = completion.toolCalls.first(where: { $0.name == schema.name }), case .object = call.arguments else {
            throw LLMError(.invalidOutput, provider: name, "no \(schema.name) tool call in the answer")
        }
        return (call.arguments, completion)
    }

    public func health() async throws -> String {
        let models = try await models()
        return "\(models.count) models\(models.contains(model) ? ", \(model) available" : "")"
    }

    public func models() async throws -> [String] {
        let response = try await http.send(.GET, baseURL.joiningAPI("v1/models"), headers: headers)
        guard (200..<300).contains(response.status) else { throw http.failure(response) }
        guard case .array(let data)? = response.json?["data"] else { throw LLMError(.badResponse, provider: name, "no model list in the answer") }
        return data.compactMap { $0["id"]?.stringValue }
    }
}
