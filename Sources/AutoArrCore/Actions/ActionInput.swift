import Foundation

/// An action's input: its fields, each declared once with its key path, description and limits. The one declaration
/// gives the JSON Schema every door publishes and the reader every door uses, so the schema accepts exactly what the
/// action accepts and an error always names the field.
public protocol ActionInput: Sendable {
    /// Every field at its default.
    init()
    static var fields: [InputField<Self>] { get }
    /// Checks across fields, after each has been read. - Throws: `FieldError` naming a field.
    func validate() throws
}

extension ActionInput {
    public func validate() throws {}

    /// `{"type":"object","properties":…,"required":…,"additionalProperties":false}`.
    public static var inputSchema: JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        for field in fields {
            properties[field.name] = field.schema
            if field.required { required.append(.string(field.name)) }
        }
        var schema: JSONValue = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { schema["required"] = .array(required) }
        return schema
    }

    /// Reads a JSON object (an MCP call's arguments, a REST body merged with its path and query).
    /// - Parameter ignoring: keys that are not fields but may be present (the door's own, such as `apikey`).
    /// - Throws: `AutoArrError` (`invalidInput`) naming the first field at fault.
    public static func read(_ json: JSONValue, ignoring: Set<String> = []) throws -> Self {
        let members: [String: JSONValue]
        switch json {
        case .object(let object): members = object
        case .null: members = [:]
        default: throw AutoArrError(.invalidInput, "the arguments must be a JSON object", field: "body")
        }
        let fields = Self.fields
        let known = Set(fields.map(\.name))
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) && !ignoring.contains($0) }) {
            throw AutoArrError(FieldError(unknown, expected: known.isEmpty ? "no fields" : "one of the known fields: \(known.sorted().joined(separator: ", "))"))
        }
        var input = Self()
        do {
            for field in fields {
                if let value = members[field.name], value != .null {
                    try field.read(&input, value)
                } else if field.required {
                    throw FieldError(field.name, expected: "a value")
                }
            }
            try input.validate()
        } catch let error as FieldError {
            throw AutoArrError(error)
        }
        return input
    }

    /// Turns query-string or flag text into JSON by each field's schema type, for `read`: `limit=5` becomes 5, and a
    /// comma list an array. Text that is not of the type stays text, so `read` names the field.
    public static func json(fromText parameters: [String: String]) -> JSONValue {
        let schemas = Dictionary(fields.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        var object: [String: JSONValue] = [:]
        for (key, text) in parameters {
            object[key] = schemas[key].map { SchemaText.coerce(text, to: $0) } ?? .string(text)
        }
        return .object(object)
    }
}

public enum SchemaText {
    public static func coerce(_ text: String, to schema: JSONValue) -> JSONValue {
        switch schema["type"]?.stringValue {
        case "integer", "number": return Double(text).map(JSONValue.number) ?? .string(text)
        case "boolean":
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: return .string(text)
            }
        case "array":
            let items = schema["items"] ?? [:]
            return .array(text.split(separator: ",").map { coerce(String($0).trimmingCharacters(in: .whitespaces), to: items) })
        default: return .string(text)
        }
    }
}

/// One field of an input: its name, its schema and how it is read.
public struct InputField<Root> {
    public let name: String
    public let required: Bool
    public let schema: JSONValue
    let read: (inout Root, JSONValue) throws -> Void

    /// A field that must be given.
    public static func required<Value: InputValue>(_ name: String, _ path: WritableKeyPath<Root, Value>, _ description: String,
                                                   _ limits: InputLimit...) -> InputField {
        InputField(name: name, required: true, schema: Self.schema(Value.self, description, limits, default: nil)) { root, json in
            root[keyPath: path] = try Self.value(Value.self, json, name, limits)
        }
    }

    /// A field that may be left out; its default is the value `Root()` has.
    public static func optional<Value: InputValue>(_ name: String, _ path: WritableKeyPath<Root, Value>, _ description: String,
                                                   _ limits: InputLimit...) -> InputField where Root: ActionInput {
        InputField(name: name, required: false, schema: Self.schema(Value.self, description, limits, default: Root()[keyPath: path].json)) { root, json in
            root[keyPath: path] = try Self.value(Value.self, json, name, limits)
        }
    }

    /// A field that may be left out, nil when it is.
    public static func optional<Value: InputValue>(_ name: String, _ path: WritableKeyPath<Root, Value?>, _ description: String,
                                                   _ limits: InputLimit...) -> InputField {
        InputField(name: name, required: false, schema: Self.schema(Value.self, description, limits, default: nil)) { root, json in
            root[keyPath: path] = try Self.value(Value.self, json, name, limits)
        }
    }

    private static func schema<Value: InputValue>(_ type: Value.Type, _ description: String, _ limits: [InputLimit], default value: JSONValue?) -> JSONValue {
        var schema = Value.schema
        schema["description"] = .string(description)
        for limit in limits { limit.apply(to: &schema) }
        if let value { schema["default"] = value }
        return schema
    }

    private static func value<Value: InputValue>(_ type: Value.Type, _ json: JSONValue, _ name: String, _ limits: [InputLimit]) throws -> Value {
        let value = try Value(input: json, field: name)
        for limit in limits { try limit.check(value.json, field: name) }
        return value
    }
}

/// A limit on a field's value, in its schema and in its reading alike.
public enum InputLimit: Sendable {
    /// A whole number within the range.
    case range(ClosedRange<Int>)
    /// Text (or each item of a list) that is not empty once trimmed.
    case nonEmpty
    /// A list of at least one and at most `n` items.
    case count(ClosedRange<Int>)

    func apply(to schema: inout JSONValue) {
        switch self {
        case .range(let range):
            schema["minimum"] = .number(Double(range.lowerBound))
            schema["maximum"] = .number(Double(range.upperBound))
        case .nonEmpty:
            if schema["type"] == "array" { schema["items"]?["pattern"] = "\\S" } else { schema["pattern"] = "\\S" }
        case .count(let range):
            schema["minItems"] = .number(Double(range.lowerBound))
            schema["maxItems"] = .number(Double(range.upperBound))
        }
    }

    func check(_ value: JSONValue, field: String) throws {
        switch (self, value) {
        case (.range(let range), .number(let number)):
            guard number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
                throw FieldError(field, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)", got: "\(Int(number))")
            }
        case (.nonEmpty, .string(let text)):
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw FieldError(field, expected: "some text") }
        case (.nonEmpty, .array(let items)):
            for item in items { try check(item, field: field) }
        case (.count(let range), .array(let items)):
            guard range.contains(items.count) else { throw FieldError(field, expected: "from \(range.lowerBound) to \(range.upperBound) items", got: "\(items.count) items") }
        default:
            break
        }
    }
}

/// A type a field can have: its schema, and how it is read from JSON (and shown back, for defaults and limits).
public protocol InputValue: Sendable {
    static var schema: JSONValue { get }
    init(input: JSONValue, field: String) throws
    var json: JSONValue { get }
}

extension String: InputValue {
    public static var schema: JSONValue { ["type": "string"] }
    public init(input: JSONValue, field: String) throws {
        guard case .string(let text) = input else { throw FieldError(field, expected: "text") }
        self = text
    }
    public var json: JSONValue { .string(self) }
}

extension Int: InputValue {
    public static var schema: JSONValue { ["type": "integer"] }
    public init(input: JSONValue, field: String) throws {
        guard case .number(let number) = input, let value = Int(exactly: number) else {
            throw FieldError(field, expected: "a whole number", got: input.stringValue)
        }
        self = value
    }
    public var json: JSONValue { .number(Double(self)) }
}

extension Int64: InputValue {
    public static var schema: JSONValue { ["type": "integer"] }
    public init(input: JSONValue, field: String) throws {
        guard case .number(let number) = input, let value = Int64(exactly: number) else {
            throw FieldError(field, expected: "a whole number", got: input.stringValue)
        }
        self = value
    }
    public var json: JSONValue { .number(Double(self)) }
}

extension Bool: InputValue {
    public static var schema: JSONValue { ["type": "boolean"] }
    public init(input: JSONValue, field: String) throws {
        guard case .bool(let flag) = input else { throw FieldError(field, expected: "true or false", got: input.stringValue) }
        self = flag
    }
    public var json: JSONValue { .bool(self) }
}

extension Date: InputValue {
    /// The pattern too, since validators need not assert `format`.
    public static var schema: JSONValue {
        ["type": "string", "format": "date-time", "pattern": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"]
    }
    public init(input: JSONValue, field: String) throws {
        guard case .string(let text) = input, let date = ISO8601Timestamp.parse(text) else {
            throw FieldError(field, expected: "an ISO 8601 time such as 2026-01-31T12:00:00Z", got: input.stringValue)
        }
        self = date
    }
    public var json: JSONValue { .string(ISO8601Timestamp.format(self)) }
}

extension Array: InputValue where Element: InputValue {
    public static var schema: JSONValue { ["type": "array", "items": Element.schema] }
    public init(input: JSONValue, field: String) throws {
        guard case .array(let items) = input else { throw FieldError(field, expected: "a list") }
        self = try items.map { try Element(input: $0, field: field) }
    }
    public var json: JSONValue { .array(map(\.json)) }
}

/// A field that takes one of a fixed set of words.
public protocol InputChoice: InputValue, RawRepresentable, CaseIterable where RawValue == String {}

extension InputChoice {
    public static var schema: JSONValue { ["type": "string", "enum": .array(allCases.map { .string($0.rawValue) })] }
    public init(input: JSONValue, field: String) throws {
        guard case .string(let text) = input, let value = Self(rawValue: text) else {
            throw FieldError(field, expected: "one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))", got: input.stringValue)
        }
        self = value
    }
    public var json: JSONValue { .string(rawValue) }
}
