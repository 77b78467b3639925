/// A problem that stops the server from starting, other than a bad configuration value.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
