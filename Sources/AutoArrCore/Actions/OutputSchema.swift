import Foundation

/// An action's output: Codable, so its JSON Schema is read off its own `Decodable` conformance (see `OutputSchema`)
/// and cannot differ from what is encoded.
public protocol ActionOutput: Codable, Sendable {
    /// A few lines for a person or a model's text channel. Text from outside (release names, services' messages) appears
    /// only quoted, as data.
    var text: String { get }
}

/// A type whose schema is not what its `Decodable` conformance reads (dates, free-form JSON, fixed sets of words).
public protocol SchemaDescribed {
    static var outputSchema: JSONValue { get }
    /// Any value of the type, returned while the schema is read.
    static var placeholder: Self { get }
}

extension JSONValue: SchemaDescribed {
    public static var outputSchema: JSONValue { [:] }
    public static var placeholder: JSONValue { .null }
}

extension Date: SchemaDescribed {
    public static var outputSchema: JSONValue { ["type": "string", "format": "date-time"] }
    public static var placeholder: Date { Date(timeIntervalSince1970: 0) }
}

extension Dictionary: SchemaDescribed where Key == String, Value: Decodable {
    public static var outputSchema: JSONValue { ["type": "object", "additionalProperties": OutputSchema.of(Value.self)] }
    public static var placeholder: Dictionary { [:] }
}

/// A string enum's schema lists its values.
public protocol OutputChoice: SchemaDescribed, CaseIterable, RawRepresentable, Codable where RawValue == String {}

extension OutputChoice {
    public static var outputSchema: JSONValue { ["type": "string", "enum": .array(allCases.map { .string($0.rawValue) })] }
    public static var placeholder: Self { allCases.first! }
}

/// Reads a `Decodable` type's JSON Schema by decoding it from a recorder that notes every key and type asked for.
/// Optionals (`decodeIfPresent`) are neither required nor non-null.
public enum OutputSchema {
    public static func of<T: Decodable>(_ type: T.Type) -> JSONValue {
        if let primitive = primitive(type) { return primitive }
        if let described = type as? any SchemaDescribed.Type { return described.outputSchema }
        if let choice = type as? any (CaseIterable & RawRepresentable).Type { return choices(choice) }
        let recording = Recording()
        _ = try? T(from: Recorder(recording: recording))
        return recording.schema
    }

    /// An enum's values, as text.
    static func choices<C: CaseIterable & RawRepresentable>(_ type: C.Type) -> JSONValue {
        let values = type.allCases.map { JSONValue.string("\($0.rawValue)") }
        return ["type": C.RawValue.self == String.self ? "string" : "integer", "enum": .array(values)]
    }

    static func firstCase<C: CaseIterable>(_ type: C.Type) -> C { type.allCases.first! }

    static func placeholder<T: Decodable>(_ type: T.Type) throws -> T {
        if let described = type as? any SchemaDescribed.Type { return described.placeholder as! T }
        if let choice = type as? any CaseIterable.Type { return firstCase(choice) as! T }
        return try T(from: Recorder(recording: Recording()))
    }

    final class Recording {
        var schema: JSONValue = [:]
        var properties: [String: JSONValue] = [:]
        var required: [String] = []
        var keyed = false

        func finishObject() {
            var object: JSONValue = ["type": "object", "properties": .object(properties)]
            if !required.isEmpty { object["required"] = .array(required.map(JSONValue.string)) }
            schema = object
        }
    }

    struct Recorder: Decoder {
        let recording: Recording
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            recording.keyed = true
            recording.finishObject()
            return KeyedDecodingContainer(Keyed<Key>(recording: recording))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(recording: recording) }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(recording: recording) }
    }

    static func primitive(_ type: Any.Type) -> JSONValue? {
        switch type {
        case is String.Type: ["type": "string"]
        case is Bool.Type: ["type": "boolean"]
        case is any FixedWidthInteger.Type: ["type": "integer"]
        case is any BinaryFloatingPoint.Type: ["type": "number"]
        default: nil
        }
    }

    static func dummy<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self { return "" as! T }
        if type == Bool.self { return false as! T }
        if let integer = type as? any FixedWidthInteger.Type { return zero(integer) as! T }
        if let number = type as? any BinaryFloatingPoint.Type { return zeroValue(number) as! T }
        return try placeholder(type)
    }

    static func zero<I: FixedWidthInteger>(_ type: I.Type) -> I { 0 }
    static func zeroValue<F: BinaryFloatingPoint>(_ type: F.Type) -> F { 0 }

    static func nullable(_ schema: JSONValue) -> JSONValue {
        var schema = schema
        if case .string(let type)? = schema["type"] { schema["type"] = [.string(type), "null"] }
        if case .array(var values)? = schema["enum"] {
            values.append(.null)
            schema["enum"] = .array(values)
        }
        return schema
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recording: Recording
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            recording.properties[key.stringValue] = OutputSchema.of(type)
            if !recording.required.contains(key.stringValue) { recording.required.append(key.stringValue) }
            recording.finishObject()
            return try OutputSchema.dummy(type)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }
        // The standard library's own overloads for these would call `decode` and record them as required.
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }

        private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
            recording.properties[key.stringValue] = OutputSchema.nullable(OutputSchema.of(type))
            recording.required.removeAll { $0 == key.stringValue }
            recording.finishObject()
            return try OutputSchema.dummy(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "nested containers are not described")
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "nested containers are not described")
        }
        func superDecoder() throws -> any Decoder { Recorder(recording: Recording()) }
        func superDecoder(forKey key: Key) throws -> any Decoder { Recorder(recording: Recording()) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let recording: Recording
        var codingPath: [any CodingKey] = []
        var count: Int? { nil }
        var isAtEnd: Bool { currentIndex > 0 }
        var currentIndex = 0

        init(recording: Recording) {
            self.recording = recording
            recording.schema = ["type": "array"]
        }

        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            recording.schema = ["type": "array", "items": OutputSchema.of(type)]
            currentIndex += 1
            return try OutputSchema.dummy(type)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "nested containers are not described"))
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "nested containers are not described"))
        }
        mutating func superDecoder() throws -> any Decoder { Recorder(recording: Recording()) }
    }

    struct Single: SingleValueDecodingContainer {
        let recording: Recording
        var codingPath: [any CodingKey] = []

        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            recording.schema = OutputSchema.of(type)
            return try OutputSchema.dummy(type)
        }
    }
}
