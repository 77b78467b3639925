import Foundation

/// One message of a conversation. Carries tool calls and results so the chat agent can use tools.
public struct ChatMessage: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Codable { case system, user, assistant, tool }

    public var role: Role
    public var content: String
    /// The assistant's requests to call tools.
    public var toolCalls: [ToolCall]
    /// For a `tool` message: the call it answers.
    public var toolCallId: String?

    public init(_ role: Role, _ content: String, toolCalls: [ToolCall] = [], toolCallId: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(.system, text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(.user, text) }
}

public struct ToolCall: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var arguments: JSONValue

    public init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// A tool the model may call: a name, what it does, and a JSON schema for its arguments.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

public struct CompletionOptions: Sendable, Equatable {
    public var temperature: Double?
    public var maxTokens: Int?
    public var tools: [ToolSpec]

    public init(temperature: Double? = 0, maxTokens: Int? = 512, tools: [ToolSpec] = []) {
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.tools = tools
    }
}

/// A model's answer.
public struct Completion: Sendable, Equatable {
    public var text: String
    public var toolCalls: [ToolCall]
    public var model: String
    public var inputTokens: Int?
    public var outputTokens: Int?

    public init(text: String, toolCalls: [ToolCall] = [], model: String, inputTokens: Int? = nil, outputTokens: Int? = nil) {
        self.text = text
        self.toolCalls = toolCalls
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// A JSON schema an extraction must satisfy.
public struct ExtractionSchema: Sendable, Equatable {
    public var name: String
    public var schema: JSONValue

    public init(name: String, schema: JSONValue) {
        self.name = name
        self.schema = schema
    }
}

/// Any failure of a language model provider.
public struct LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unreachable, unauthorized, rateLimited, timeout, badResponse, invalidOutput, unsupported, circuitOpen, exhausted
    }

    public var code: Code
    public var provider: String
    public var message: String

    public init(_ code: Code, provider: String, _ message: String) {
        self.code = code
        self.provider = provider
        self.message = message
    }

    public var description: String { "\(provider): \(code.rawValue): \(message)" }
}

/// A language model behind one provider's API. AutoArr never needs one; the rules provider answers when none is set.
public protocol LanguageModel: Sendable {
    /// The configured provider name ("ollama", "claude", …).
    var name: String { get }
    /// The model it asks for.
    var model: String { get }
    func complete(_ messages: [ChatMessage], options: CompletionOptions) async throws -> Completion
    /// The answer as it is generated, in text deltas.
    func stream(_ messages: [ChatMessage], options: CompletionOptions) -> AsyncThrowingStream<String, any Error>
    /// JSON conforming to the schema (the provider's own structured-output mechanism), not yet validated.
    func extractJSON(schema: ExtractionSchema, messages: [ChatMessage]) async throws -> (json: JSONValue, completion: Completion)
    /// The server's version or a short health line. - Throws: when it cannot be reached or refuses the key.
    func health() async throws -> String
    func models() async throws -> [String]
}

extension LanguageModel {
    /// Extracts and decodes into `T`.
    public func extract<T: Decodable>(_ type: T.Type, schema: ExtractionSchema, messages: [ChatMessage]) async throws -> T {
        let (json, _) = try await extractJSON(schema: schema, messages: messages)
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(json))
        } catch {
            throw LLMError(.invalidOutput, provider: name, "the answer does not decode as \(T.self): \(error)")
        }
    }
}

/// Reads the first JSON object in a model's text ("```json {...} ```", prose around it).
public enum JSONText {
    public static func object(in text: String) -> JSONValue? {
        if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value { return value }
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else { return nil }
        let slice = text[start...end]
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(slice.utf8)), case .object = value else { return nil }
        return value
    }
}
