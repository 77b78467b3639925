import AsyncHTTPClient
import AutoArrCore
import Foundation
import NIOHTTP1
import Synchronization

/// Any OpenAI-compatible server (OpenAI, llama.cpp, vLLM, LM Studio): `POST /v1/chat/completions`, SSE streaming,
/// `GET /v1/models`. Structured output asks for `json_schema`; a server that rejects it gets `json_object` with
/// the schema (llama.cpp's form), and the answer is validated either way.
public final class OpenAIModel: LanguageModel, Sendable {
    public let name: String
    public let model: String
    let baseURL: URL
    let apiKey: String?
    let http: LLMHTTP
    /// Set once a server has refused `json_schema`.
    private let jsonObjectOnly = Mutex(false)

    public init(name: String = "openai", baseURL: URL, model: String, apiKey: String?, timeout: Duration = .seconds(60),
                client: HTTPClient = HTTPTransport.sharedClient) {
        self.name = name
        self.model = model
        self.baseURL = baseURL
        self.apiKey = apiKey
        http = LLMHTTP(client: client, provider: name, timeout: timeout)
    }

    var headers: HTTPHeaders {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let apiKey, !apiKey.isEmpty { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        return headers
    }

    static func wire(_ message: ChatMessage) -> JSONValue {
        var fields: [String: JSONValue] = ["role": .string(message.role.rawValue), "content": .string(message.content)]
        if !message.toolCalls.isEmpty {
            fields["tool_calls"] = .array(message.toolCalls.map { call in
                let arguments = (try? JSONEncoder().encode(call.arguments)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                return ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(arguments)]]
            })
        }
        if let id = message.toolCallId { fields["tool_call_id"] = .string(id) }
        return .object(fields)
    }

    func body(_ messages: [ChatMessage], _ options: CompletionOptions, stream: Bool = false) -> [String: JSONValue] {
        var body: [String: JSONValue] = ["model": .string(model), "messages": .array(messages.map(Self.wire)), "stream": .bool(stream)]
        if let temperature = options.temperature { body["temperature"] = .number(temperature) }
        if let maxTokens = options.maxTokens { body["max_tokens"] = .number(Double(maxTokens)) }
        if !options.tools.isEmpty {
            body["tools"] = .array(options.tools.map { ["type": "function", "function": ["name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters]] })
        }
        return body
    }

    public func complete(_ messages: [ChatMessage], options: CompletionOptions) async throws -> Completion {
        try await send(body(messages, options))
    }

    private func send(_ body: [String: JSONValue]) async throws -> Completion {
        let response = try await http.send(.POST, baseURL.joiningAPI("v1/chat/completions"), headers: headers, body: .object(body))
        guard (200..<300).contains(response.status) else { throw http.failure(response) }
        guard let json = response.json, case .array(let choices)? = json["choices"], let message = choices.first?["message"] else {
            throw LLMError(.badResponse, provider: name, "the answer has no choices: \(response.text.prefix(120))")
        }
        var calls: [ToolCall] = []
        if case .array(let list)? = message["tool_calls"] {
            calls = list.compactMap { call in
                guard let function = call["function"], let name = function["name"]?.stringValue else { return nil }
                let arguments = function["arguments"]?.stringValue.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) } ?? [:]
                return ToolCall(id: call["id"]?.stringValue ?? UUID().uuidString, name: name, arguments: arguments)
            }
        }
        return Completion(text: message["content"]?.stringValue ?? "", toolCalls: calls, model: json["model"]?.stringValue ?? model,
                          inputTokens: json["usage"]?["prompt_tokens"]?.intValue, outputTokens: json["usage"]?["completion_tokens"]?.intValue)
    }

    public func stream(_ messages: [ChatMessage], options: CompletionOptions) -> AsyncThrowingStream<String, any Error> {
        let request = body(messages, options, stream: true)
        let (http, url, headers, name) = (http, baseURL.joiningAPI("v1/chat/completions"), headers, name)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await line in try await http.lines(.POST, url, headers: headers, body: .object(request)) {
                        guard line.hasPrefix("data:") else { continue }
                        let data = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
                        if data == "[DONE]" { break }
                        guard let event = try? JSONDecoder().decode(JSONValue.self, from: Data(data.utf8)) else {
                            throw LLMError(.badResponse, provider: name, "a stream event is not JSON: \(data.prefix(80))")
                        }
                        if case .array(let choices)? = event["choices"], let delta = choices.first?["delta"]?["content"]?.stringValue, !delta.isEmpty {
                            continuation.yield(delta)
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
        var request = body(messages, CompletionOptions(temperature: 0, maxTokens: 256))
        if !jsonObjectOnly.withLock({ $0 }) {
            request["response_format"] = ["type": "json_schema", "json_schema": ["name": .string(schema.name), "schema": schema.schema, "strict": true]]
            do {
                return try decode(try await send(request))
            } catch let error as LLMError where error.code == .badResponse && error.message.hasPrefix("HTTP ") {
                // The server does not take json_schema (llama.cpp answers 500): use json_object + schema from now on.
                jsonObjectOnly.withLock { $0 = true }
            }
        }
        request["response_format"] = ["type": "json_object", "schema": schema.schema]
        return try decode(try await send(request))
    }

    private func decode(_ completion: Completion) throws -> (json: JSONValue, completion: Completion) {
        guard let json = JSONText.object(in: completion.text) else {
            throw LLMError(.invalidOutput, provider: name, "the answer is not JSON: \(completion.text.prefix(80))")
        }
        return (json, completion)
    }

    public func health() async throws -> String {
        let models = try await models()
        return "\(models.count) model\(models.count == 1 ? "" : "s")\(models.contains(model) ? ", \(model) available" : ", \(model) not listed")"
    }

    public func models() async throws -> [String] {
        let response = try await http.send(.GET, baseURL.joiningAPI("v1/models"), headers: headers)
        guard (200..<300).contains(response.status) else { throw http.failure(response) }
        guard case .array(let data)? = response.json?["data"] else { throw LLMError(.badResponse, provider: name, "no model list in the answer") }
        return data.compactMap { $0["id"]?.stringValue }
    }
}
