import Foundation
import Logging

/// First-run setup, logins, sessions and the API key. There are no default credentials.
public struct AuthService: Sendable {
    /// A new login session: the token goes in a cookie, the expiry sets its lifetime.
    public struct Session: Sendable {
        public var token: String
        public var user: User
        public var expiresAt: Date
    }

    /// The shortest password accepted.
    public static let minimumPasswordLength = 10
    /// bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut.
    public static let maximumPasswordBytes = 72

    private let store: any AuthStore
    private let hasher: any PasswordHasher
    private let bus: EventBus
    private let sessionTTL: TimeInterval
    /// The last key that checked out, so most requests skip the database. A key rotated by another
    /// process (the CLI) stops working here within `apiKeyCacheLifetime`.
    private let verifiedKey = VerifiedKeyCache()
    /// A hash to check unknown usernames against, so a failed login takes as long whether or not the user exists.
    private let decoyHash: Task<String, Never>

    public init(store: any AuthStore, hasher: any PasswordHasher, bus: EventBus, sessionTTL: TimeInterval) {
        self.store = store
        self.hasher = hasher
        self.bus = bus
        self.sessionTTL = sessionTTL
        self.decoyHash = Task { await hasher.hash(SecureToken.hex(bytes: 16)) }
    }

    /// Whether no user exists yet, so the setup page should be shown.
    public func isSetupRequired() async throws -> Bool {
        try await store.userCount() == 0
    }

    /// Creates the first admin user and logs them in. Refused once any user exists.
    /// - Throws: `AutoArrError` (`invalidInput` for a bad username or password, `conflict` once set up).
    public func setup(username: String, password: String) async throws -> Session {
        let user = try await create(username: username, password: password, onlyIfFirst: true)
        await bus.publish(Event(.authSetup, message: "Admin user \(user.username) created by first-run setup", data: ["username": .string(user.username)]))
        return try await startSession(for: user)
    }

    /// Creates a user from the command line.
    /// - Throws: `AutoArrError` (`invalidInput`, or `conflict` when the name is taken).
    public func createUser(username: String, password: String) async throws -> User {
        let user = try await create(username: username, password: password, onlyIfFirst: false)
        await bus.publish(Event(.userCreated, message: "User \(user.username) created", data: ["username": .string(user.username)]))
        return user
    }

    /// Checks a username and password and starts a session.
    /// - Throws: `AutoArrError.unauthorized` with the same message whether the user or the password was wrong.
    public func login(username: String, password: String) async throws -> Session {
        let found = try await store.credentials(username: username)
        let hash: String
        if let found { hash = found.passwordHash } else { hash = await decoyHash.value }
        let valid = await hasher.verify(password, hash: hash)
        guard let found, valid else {
            await bus.publish(Event(.authLoginFailed, message: "Failed login", severity: .warning))
            throw AutoArrError(.unauthorized, "invalid username or password")
        }
        await bus.publish(Event(.authLogin, message: "\(found.user.username) logged in", data: ["username": .string(found.user.username)]))
        return try await startSession(for: found.user)
    }

    /// Ends a session; unknown tokens are ignored.
    public func logout(token: String) async throws {
        try await store.deleteSession(token: token)
        await bus.publish(Event(.authLogout, message: "Logged out"))
    }

    /// The user a session token belongs to, or nil.
    public func user(sessionToken: String) async throws -> User? {
        try await store.user(sessionToken: sessionToken, now: Date())
    }

    /// How long a verified API key is trusted without asking the database again.
    public static let apiKeyCacheLifetime: TimeInterval = 2

    /// Whether the key is AutoArr's API key.
    public func isValidAPIKey(_ key: String) async throws -> Bool {
        let now = Date()
        if verifiedKey.contains(key, now: now) { return true }
        guard try await store.isAPIKey(key) else { return false }
        verifiedKey.remember(key, until: now.addingTimeInterval(Self.apiKeyCacheLifetime))
        return true
    }

    /// The API key, created on first use.
    /// - Returns: the key, and whether it was just created.
    public func ensureAPIKey() async throws -> (key: String, created: Bool) {
        if let key = try await store.apiKey() { return (key, false) }
        let key = SecureToken.hex(bytes: 16)
        try await store.setAPIKey(key)
        return (key, true)
    }

    /// The API key in clear, for its owner.
    public func apiKey() async throws -> String {
        try await ensureAPIKey().key
    }

    /// Replaces the API key; the old one stops working at once.
    public func rotateAPIKey() async throws -> String {
        let key = SecureToken.hex(bytes: 16)
        try await store.setAPIKey(key)
        verifiedKey.forget()
        await bus.publish(Event(.apiKeyRotated, message: "API key rotated"))
        return key
    }

    /// Removes expired sessions. - Returns: how many were removed.
    public func pruneSessions() async throws -> Int {
        try await store.deleteExpiredSessions(now: Date())
    }

    private func create(username: String, password: String, onlyIfFirst: Bool) async throws -> User {
        try Self.validate(username: username)
        try Self.validate(password: password)
        let hash = await hasher.hash(password)
        return try await store.createUser(username: username, passwordHash: hash, onlyIfFirst: onlyIfFirst)
    }

    private func startSession(for user: User) async throws -> Session {
        let session = Session(token: SecureToken.hex(bytes: 32), user: user, expiresAt: Date().addingTimeInterval(sessionTTL))
        try await store.createSession(token: session.token, userId: user.id, expiresAt: session.expiresAt)
        return session
    }

    static func validate(username: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-@"))
        guard (1...64).contains(username.count), username.unicodeScalars.allSatisfy(allowed.contains) else {
            throw AutoArrError(FieldError("username", expected: "1 to 64 letters, digits or . _ - @"))
        }
    }

    static func validate(password: String) throws {
        guard password.count >= minimumPasswordLength else {
            throw AutoArrError(FieldError("password", expected: "at least \(minimumPasswordLength) characters"))
        }
        guard password.utf8.count <= maximumPasswordBytes else {
            throw AutoArrError(FieldError("password", expected: "at most \(maximumPasswordBytes) bytes"))
        }
    }
}
