import AutoArrCore
import Foundation
import Hummingbird

extension Request {
    /// Decodes a JSON body, turning every decoding problem into a 400 that names the field.
    /// - Throws: `APIError` (400, 413 over 1 MiB, 415 for a non-JSON content type).
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext) async throws -> T {
        if let contentType = headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "expected Content-Type: application/json")
        }
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        do {
            return try context.requestDecoder.decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw Self.describe(error)
        }
    }

    private static func describe(_ error: DecodingError) -> AutoArrError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let context):
            return AutoArrError(FieldError(path(context.codingPath + [key]), expected: "a value"))
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return AutoArrError(FieldError(path(context.codingPath), expected: "a value of type \(Self.jsonName(type))"))
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return AutoArrError(FieldError(path(context.codingPath), expected: context.debugDescription))
        default:
            return AutoArrError(.invalidInput, "the body is not valid JSON", field: "body")
        }
    }

    private static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Double.Type, is Int64.Type: "number"
        case is Bool.Type: "boolean"
        case is [Any].Type: "array"
        default: "object"
        }
    }
}
