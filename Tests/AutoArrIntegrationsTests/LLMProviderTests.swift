import AutoArrCore
import AutoArrTestSupport
import Foundation
import Hummingbird
import Synchronization
import Testing
@testable import AutoArrIntegrations

/// Each provider against a loopback server speaking its API's documented format: answers, streams, errors.
@Suite struct LLMProviderTests {
    /// Reads a request's JSON body.
    static func body(_ request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
    }

    static func sse(_ events: [String]) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = "text/event-stream"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: events.map { $0 + "\n\n" }.joined())))
    }

    static let request = RequestExtraction.messages(for: "add the new Dune movie in 4K")

    // MARK: OpenAI-compatible

    @Test func openAICompletesStreamsAndListsModels() async throws {
        let seen = Mutex<[JSONValue]>([])
        try await FakeService.run({ router in
            router.post("v1/chat/completions") { request, _ in
                guard request.headers[.authorization] == "Bearer sk-test" else {
                    return FakeService.json(#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#, status: .unauthorized)
                }
                let body = try await Self.body(request)
                seen.withLock { $0.append(body) }
                if body["stream"] == true {
                    return Self.sse([#"data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#,
                                     #"data: {"choices":[{"index":0,"delta":{"content":"Hello"}}]}"#,
                                     #"data: {"choices":[{"index":0,"delta":{"content":" there"}}]}"#, "data: [DONE]"])
                }
                return FakeService.json("""
                    {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-test","choices":[{"index":0,"finish_reason":"tool_calls",
                     "message":{"role":"assistant","content":"Hi","tool_calls":[{"id":"call_1","type":"function","function":{"name":"list_queue","arguments":"{\\"limit\\":5}"}}]}}],
                     "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
                    """)
            }
            router.get("v1/models") { _, _ in FakeService.json(#"{"object":"list","data":[{"id":"gpt-test","object":"model"},{"id":"other","object":"model"}]}"#) }
        }) { url in
            let model = OpenAIModel(baseURL: url.appending(path: "v1"), model: "gpt-test", apiKey: "sk-test")
            let completion = try await model.complete([.system("be brief"), .user("hi")], options: CompletionOptions(temperature: 0.2, maxTokens: 64,
                tools: [ToolSpec(name: "list_queue", description: "the queue", parameters: ["type": "object"])]))
            #expect(completion.text == "Hi")
            #expect(completion.toolCalls == [ToolCall(id: "call_1", name: "list_queue", arguments: ["limit": 5])])
            #expect(completion.inputTokens == 12 && completion.outputTokens == 3)
            let sent = try #require(seen.withLock { $0.first })
            #expect(sent["model"] == "gpt-test")
            #expect(sent["max_tokens"] == 64)
            #expect(sent["messages"] == [["role": "system", "content": "be brief"], ["role": "user", "content": "hi"]])
            guard case .array(let tools)? = sent["tools"] else { Issue.record("no tools sent"); return }
            #expect(tools.first?["function"]?["name"] == "list_queue")

            var text = ""
            for try await delta in model.stream([.user("hi")], options: CompletionOptions()) { text += delta }
            #expect(text == "Hello there")
            #expect(try await model.models() == ["gpt-test", "other"])
            #expect(try await model.health().contains("gpt-test available"))

            let denied = OpenAIModel(baseURL: url, model: "gpt-test", apiKey: "wrong")
            let error = await #expect(throws: LLMError.self) { try await denied.complete([.user("hi")], options: CompletionOptions()) }
            #expect(error?.code == .unauthorized)
            #expect(error?.message.contains("Incorrect API key") == true)
        }
    }

    @Test func openAIFallsBackToJSONObjectWhenJSONSchemaIsRejected() async throws {
        let formats = Mutex<[String]>([])
        try await FakeService.run({ router in
            router.post("v1/chat/completions") { request, _ in
                let body = try await Self.body(request)
                let format = body["response_format"]?["type"]?.stringValue ?? "none"
                formats.withLock { $0.append(format) }
                // llama.cpp's server: json_schema is a 500; json_object with a schema works.
                if format == "json_schema" { return FakeService.json(#"{"error":{"code":500,"message":"Unsupported response_format type","type":"server_error"}}"#, status: .internalServerError) }
                #expect(body["response_format"]?["schema"] != nil)
                return FakeService.json(#"{"choices":[{"message":{"role":"assistant","content":"{\"type\":\"movie\",\"title\":\"Dune\",\"year\":null,\"season\":null,\"episode\":null,\"quality\":\"2160p\"}"}}],"model":"local"}"#)
            }
        }) { url in
            let model = OpenAIModel(baseURL: url, model: "local", apiKey: nil)
            let parsed = try RequestExtraction.validate(try await model.extractJSON(schema: RequestExtraction.schema, messages: Self.request).json, provider: "openai")
            #expect(parsed.title == "Dune" && parsed.type == .movie && parsed.quality == .uhd)
            _ = try await model.extractJSON(schema: RequestExtraction.schema, messages: Self.request)
            #expect(formats.withLock { $0 } == ["json_schema", "json_object", "json_object"])
        }
    }

    @Test(arguments: [
        (#"{"choices":[{"message":{"role":"assistant","content":"Sure! The movie you want is Dune."}}]}"#, LLMError.Code.invalidOutput),
        (#"{"choices":[{"message":{"role":"assist"#, .badResponse),
        (#"{"error":{"message":"Rate limit reached","type":"requests"}}"#, .rateLimited),
    ])
    func openAIBadAnswersAreClearErrors(body: String, code: LLMError.Code) async throws {
        try await FakeService.run({ router in
            router.post("v1/chat/completions") { _, _ in
                FakeService.json(body, status: code == .rateLimited ? .tooManyRequests : .ok, headers: code == .rateLimited ? [.retryAfter: "1"] : [:])
            }
        }) { url in
            let model = OpenAIModel(baseURL: url, model: "m", apiKey: nil)
            // Prose instead of JSON, a truncated body, a 429: each is its own error, never a crash.
            let error = await #expect(throws: LLMError.self) { try await model.extractJSON(schema: RequestExtraction.schema, messages: Self.request) }
            #expect(error?.code == code)
        }
    }

    // MARK: Ollama

    @Test func ollamaChatsStreamsNDJSONExtractsWithFormatAndPulls() async throws {
        let pulled = Mutex(false)
        let formats = Mutex<[JSONValue]>([])
        try await FakeService.run({ router in
            router.post("api/chat") { request, _ in
                let body = try await Self.body(request)
                guard pulled.withLock({ $0 }) else { return FakeService.json(#"{"error":"model 'tiny' not found, try pulling it first"}"#, status: .notFound) }
                if let format = body["format"] { formats.withLock { $0.append(format) } }
                if body["stream"] == true {
                    return FakeService.text("""
                        {"model":"tiny","message":{"role":"assistant","content":"Hel"},"done":false}
                        {"model":"tiny","message":{"role":"assistant","content":"lo"},"done":false}
                        {"model":"tiny","message":{"role":"assistant","content":""},"done":true,"eval_count":2}

                        """)
                }
                let content = body["format"] == nil ? "Hello" : #"{\"type\":\"tv\",\"title\":\"Severance\",\"year\":null,\"season\":2,\"episode\":null,\"quality\":null}"#
                return FakeService.json(#"{"model":"tiny","message":{"role":"assistant","content":"\#(content)"},"done":true,"prompt_eval_count":20,"eval_count":4}"#)
            }
            router.post("api/pull") { _, _ in
                pulled.withLock { $0 = true }
                return FakeService.text("""
                    {"status":"pulling manifest"}
                    {"status":"downloading","digest":"sha256:1","total":100,"completed":50}
                    {"status":"success"}

                    """)
            }
            router.get("api/version") { _, _ in FakeService.json(#"{"version":"0.5.7"}"#) }
            router.get("api/tags") { _, _ in FakeService.json(#"{"models":[{"name":"tiny:latest","size":1}]}"#) }
        }) { url in
            let model = OllamaModel(baseURL: url, model: "tiny", autoPull: true)
            let completion = try await model.complete([.user("hi")], options: CompletionOptions())
            #expect(completion.text == "Hello")
            #expect(completion.inputTokens == 20 && completion.outputTokens == 4)
            var text = ""
            for try await delta in model.stream([.user("hi")], options: CompletionOptions()) { text += delta }
            #expect(text == "Hello")
            let (json, _) = try await model.extractJSON(schema: RequestExtraction.schema, messages: Self.request)
            #expect(try RequestExtraction.validate(json, provider: "ollama").season == 2)
            #expect(formats.withLock { $0 } == [RequestExtraction.schema.schema])
            #expect(try await model.health() == "Ollama 0.5.7, tiny installed")
            let events = Mutex<[String]>([])
            try await model.pull { status in events.withLock { $0.append(status) } }
            #expect(events.withLock { $0 } == ["pulling manifest", "downloading 50%", "success"])
        }
    }

    // MARK: Anthropic

    @Test func anthropicExtractsThroughAForcedToolAndRetriesAfter429() async throws {
        let attempts = CallCounter()
        try await FakeService.run({ router in
            router.post("v1/messages") { request, _ in
                guard request.headers[.init("x-api-key")!] == "sk-ant", request.headers[.init("anthropic-version")!] == "2023-06-01" else {
                    return FakeService.json(#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#, status: .unauthorized)
                }
                attempts.increment()
                if attempts.value == 1 {
                    return FakeService.json(#"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#, status: .tooManyRequests, headers: [.retryAfter: "0"])
                }
                let body = try await Self.body(request)
                if body["stream"] == true {
                    return Self.sse([
                        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":5}}}",
                        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi \"}}",
                        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"there\"}}",
                        "event: message_stop\ndata: {\"type\":\"message_stop\"}",
                    ])
                }
                #expect(body["system"]?.stringValue?.contains("never follow") == true)
                #expect(body["tool_choice"] == ["type": "tool", "name": "media_request"])
                guard case .array(let tools)? = body["tools"] else { return FakeService.json("{}", status: .badRequest) }
                #expect(tools.first?["input_schema"] == RequestExtraction.schema.schema)
                return FakeService.json("""
                    {"id":"msg_2","type":"message","role":"assistant","model":"claude-test","stop_reason":"tool_use",
                     "content":[{"type":"tool_use","id":"toolu_1","name":"media_request","input":{"type":"movie","title":"Dune: Part Two","year":2024,"season":null,"episode":null,"quality":"2160p"}}],
                     "usage":{"input_tokens":310,"output_tokens":41}}
                    """)
            }
            router.get("v1/models") { _, _ in FakeService.json(#"{"data":[{"id":"claude-test","type":"model"}],"has_more":false}"#) }
        }) { url in
            let model = AnthropicModel(baseURL: url, model: "claude-test", apiKey: "sk-ant")
            let (json, completion) = try await model.extractJSON(schema: RequestExtraction.schema, messages: Self.request)
            #expect(attempts.value == 2)
            #expect(try RequestExtraction.validate(json, provider: "anthropic").year == 2024)
            #expect(completion.outputTokens == 41)
            var text = ""
            for try await delta in model.stream([.user("hi")], options: CompletionOptions()) { text += delta }
            #expect(text == "Hi there")
            #expect(try await model.models() == ["claude-test"])
            let denied = AnthropicModel(baseURL: url, model: "claude-test", apiKey: "nope")
            let error = await #expect(throws: LLMError.self) { try await denied.complete([.user("hi")], options: CompletionOptions()) }
            #expect(error?.code == .unauthorized)
        }
    }

    @Test func anthropicGivesUpAfterThreeRetries() async throws {
        let attempts = CallCounter()
        try await FakeService.run({ router in
            router.post("v1/messages") { _, _ in
                attempts.increment()
                return FakeService.json(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
                                        status: .init(code: 529), headers: [.retryAfter: "0"])
            }
        }) { url in
            let model = AnthropicModel(baseURL: url, model: "claude-test", apiKey: "k")
            let error = await #expect(throws: LLMError.self) { try await model.complete([.user("hi")], options: CompletionOptions()) }
            #expect(error?.code == .rateLimited)
            #expect(attempts.value == 4)
        }
    }

    @Test func anUnreachableProviderIsAClearError() async throws {
        let port = try RealDaemon.freePort()
        let model = OpenAIModel(baseURL: URL(string: "http://127.0.0.1:\(port)")!, model: "m", apiKey: nil, timeout: .seconds(2))
        let error = await #expect(throws: LLMError.self) { try await model.models() }
        #expect(error?.code == .unreachable)
    }
}
