import AutoArrCore
import Foundation
import Hummingbird
import NIOCore

/// The one JSON error shape of the API, `{"error":{"code","message","field"?}}`, and the one place that
/// maps every error to its HTTP status.
struct APIError: Error, Encodable {
    struct Body: Encodable {
        var code: String
        var message: String
        var field: String?
    }

    var status: HTTPResponse.Status
    var error: Body

    enum CodingKeys: String, CodingKey { case error }

    init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.error = Body(code: code, message: message, field: field)
    }

    /// Maps any error thrown by a route or middleware.
    /// - Returns: the API error, or nil for an unexpected error (a 500 the caller must log).
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as AutoArrError:
            return APIError(status: status(for: error.code), code: error.code.rawValue, message: error.message, field: error.field)
        case let error as IntegrationError:
            // A service's refusal is the caller's problem, in its words; anything else means the service is unavailable.
            return APIError(status: error.code == .rejected ? .badRequest : .serviceUnavailable,
                            code: error.code == .rejected ? AutoArrError.Code.invalidInput.rawValue : AutoArrError.Code.unavailable.rawValue,
                            message: "\(error.instance): \(error.message)")
        case let error as FieldError:
            return APIError(status: .badRequest, code: AutoArrError.Code.invalidInput.rawValue, message: error.description, field: error.field)
        case is NIOTooManyBytesError:
            return APIError(status: .contentTooLarge, code: "payload_too_large", message: "the request body is larger than 1 MiB")
        case let error as HTTPError:
            return APIError(status: error.status, code: code(for: error.status), message: error.body ?? error.status.reasonPhrase)
        default:
            return nil
        }
    }

    static func status(for code: AutoArrError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidInput: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    private static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "payload_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .unauthorized: "unauthorized"
        case .badRequest: AutoArrError.Code.invalidInput.rawValue
        default: status.code < 500 ? "bad_request" : "internal"
        }
    }

    /// The error as a JSON response.
    var response: Response {
        let data = (try? APIJSON.encoder.encode(self)) ?? Data(#"{"error":{"code":"internal","message":"error"}}"#.utf8)
        return .json(data, status: status)
    }
}
