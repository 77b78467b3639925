/// A storage failure that is not a caller's mistake: a bad key file, an undecryptable secret, a failed open.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
