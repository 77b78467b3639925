/// A failure of a Core action that a caller can act on. The server maps `code` to an HTTP status in one place.
public struct AutoArrError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable machine-readable code.
    public struct Code: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidInput = Code(rawValue: "invalid_input")
        public static let notFound = Code(rawValue: "not_found")
        public static let conflict = Code(rawValue: "conflict")
        public static let unauthorized = Code(rawValue: "unauthorized")
        public static let forbidden = Code(rawValue: "forbidden")
        public static let unavailable = Code(rawValue: "unavailable")
    }

    public var code: Code
    public var message: String
    /// The input field at fault, for `invalidInput`.
    public var field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// An `invalidInput` error built from a field error.
    public init(_ error: FieldError) {
        self.init(.invalidInput, error.description, field: error.field)
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
