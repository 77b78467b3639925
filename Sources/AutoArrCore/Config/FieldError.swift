/// A single bad input value: which field, and what was expected instead.
///
/// The config loader prefixes `field` with the key path (`services[1].url`); the API returns it as is.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var expected: String
    /// The offending value, when it is safe to echo (never for a secret).
    public var got: String?

    public init(_ field: String, expected: String, got: String? = nil) {
        self.field = field
        self.expected = expected
        self.got = got
    }

    /// The same error, with `field` placed under a parent key.
    public func nested(under parent: String) -> FieldError {
        FieldError(parent.isEmpty ? field : "\(parent).\(field)", expected: expected, got: got)
    }

    public var description: String {
        if let got { return "\(field): expected \(expected), got \"\(got)\"" }
        return "\(field): expected \(expected)"
    }
}
