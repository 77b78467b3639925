import Foundation

extension JSONValue {
    /// Parses a JSON object. `JSONSerialization` is used rather than `JSONDecoder` because decoding this
    /// enum through `Codable` throws and discards an error for every type it tries first, which made
    /// activity pages several times slower.
    /// - Throws: when the text is not a JSON object.
    public static func object(fromJSON data: Data) throws -> [String: JSONValue] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "expected a JSON object"))
        }
        return object.mapValues(JSONValue.init(foundation:))
    }

    /// Converts what `JSONSerialization` returns.
    init(foundation value: Any) {
        switch value {
        case let number as NSNumber:
            // Booleans arrive as NSNumber too; their type encoding is "c" (char).
            if String(cString: number.objCType) == "c", let flag = value as? Bool { self = .bool(flag) } else { self = .number(number.doubleValue) }
        case let text as String: self = .string(text)
        case let array as [Any]: self = .array(array.map(JSONValue.init(foundation:)))
        case let object as [String: Any]: self = .object(object.mapValues(JSONValue.init(foundation:)))
        default: self = .null
        }
    }
}
