/// Any failure talking to an external service, with a code callers act on.
///
/// `unreachable` drives the instance's escalating backoff; `rejected` carries a service's validation messages.
public struct IntegrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable machine-readable code.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Refused, reset or no route: the service is not there.
        public static let unreachable = Code(rawValue: "unreachable")
        /// Wrong API key, token or password.
        public static let unauthorized = Code(rawValue: "unauthorized")
        /// A 5xx, or a body that is not what the service's API promises.
        public static let badResponse = Code(rawValue: "badResponse")
        /// No answer within the instance's timeout.
        public static let timeout = Code(rawValue: "timeout")
        /// 429, or the service said to slow down.
        public static let rateLimited = Code(rawValue: "rateLimited")
        /// The service understood and said no (a Servarr 400 validation array, for one).
        public static let rejected = Code(rawValue: "rejected")
    }

    public var code: Code
    /// The instance's name.
    public var instance: String
    public var message: String
    /// The service's own messages, for `rejected`.
    public var details: [String]

    public init(_ code: Code, instance: String, _ message: String, details: [String] = []) {
        self.code = code
        self.instance = instance
        self.message = message
        self.details = details
    }

    public var description: String { "\(instance): \(code.rawValue): \(message)" }
}
