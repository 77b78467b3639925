import Foundation

/// A configuration problem that stops startup. Its description is the one line printed before exiting with code 2.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key (`services[0].url`), the environment variable (`SONARR_URL`) or the file at fault.
    public var key: String
    public var expected: String
    public var got: String?

    public init(key: String, expected: String, got: String? = nil) {
        self.key = key
        self.expected = expected
        self.got = got
    }

    init(_ error: FieldError) {
        self.init(key: error.field, expected: error.expected, got: error.got)
    }

    /// The exit code for a bad configuration.
    public static let exitCode: Int32 = 2

    public var description: String {
        FieldError(key, expected: expected, got: got).description.replacingOccurrences(of: "\n", with: " ")
    }
}
