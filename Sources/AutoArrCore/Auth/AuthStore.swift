import Foundation

/// Users, login sessions and the API key. Implementations store tokens and keys only hashed or encrypted.
public protocol AuthStore: Sendable {
    func userCount() async throws -> Int
    /// The user and their password hash, or nil when there is no such user.
    func credentials(username: String) async throws -> (user: User, passwordHash: String)?
    /// Creates a user.
    /// - Parameter onlyIfFirst: fail with `conflict` unless no user exists yet, atomically.
    /// - Throws: `AutoArrError.conflict` when the name is taken or, with `onlyIfFirst`, a user exists.
    func createUser(username: String, passwordHash: String, onlyIfFirst: Bool) async throws -> User
    func createSession(token: String, userId: Int64, expiresAt: Date) async throws
    /// The user a live session belongs to, or nil when it is unknown or expired.
    func user(sessionToken: String, now: Date) async throws -> User?
    func deleteSession(token: String) async throws
    func deleteExpiredSessions(now: Date) async throws -> Int
    /// The API key in clear, or nil before one is created.
    func apiKey() async throws -> String?
    func setAPIKey(_ key: String) async throws
    /// Whether the candidate is the current API key.
    func isAPIKey(_ candidate: String) async throws -> Bool
}

/// Hashes and checks passwords. The server provides bcrypt.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async -> String
    func verify(_ password: String, hash: String) async -> Bool
}
