import AutoArrCore
import Foundation
import GRDB

struct SQLiteAuthStore: AuthStore {
    let pool: DatabasePool
    let secrets: SecretBox

    /// The one API key's row name; the table allows more keys later.
    private static let defaultKeyName = "default"

    func userCount() async throws -> Int {
        try await pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM users") ?? 0 }
    }

    func credentials(username: String) async throws -> (user: User, passwordHash: String)? {
        let found = try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username])
                .map { Credentials(user: Self.user($0), passwordHash: $0["password_hash"]) }
        }
        return found.map { ($0.user, $0.passwordHash) }
    }

    func createUser(username: String, passwordHash: String, onlyIfFirst: Bool) async throws -> User {
        let now = Date()
        do {
            return try await pool.write { db in
                if onlyIfFirst, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") != 0 {
                    throw AutoArrError(.conflict, "setup is already complete: a user exists")
                }
                try db.execute(
                    sql: "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)",
                    arguments: [username, passwordHash, now.milliseconds])
                return User(id: db.lastInsertedRowID, username: username, createdAt: Date(milliseconds: now.milliseconds))
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw AutoArrError(.conflict, "a user named \(username) already exists", field: "username")
        }
    }

    func createSession(token: String, userId: Int64, expiresAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [SecretBox.digest(token), userId, Date().milliseconds, expiresAt.milliseconds])
        }
    }

    func user(sessionToken: String, now: Date) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id
                WHERE sessions.token_hash = ? AND sessions.expires_at > ?
                """, arguments: [SecretBox.digest(sessionToken), now.milliseconds])
            .map(Self.user)
        }
    }

    func deleteSession(token: String) async throws {
        try await pool.write { try $0.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [SecretBox.digest(token)]) }
    }

    func deleteExpiredSessions(now: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at <= ?", arguments: [now.milliseconds])
            return db.changesCount
        }
    }

    func apiKey() async throws -> String? {
        guard let sealed = try await pool.read({
            try Data.fetchOne($0, sql: "SELECT key_sealed FROM api_keys WHERE name = ?", arguments: [Self.defaultKeyName])
        }) else { return nil }
        return String(decoding: try secrets.open(sealed), as: UTF8.self)
    }

    func setAPIKey(_ key: String) async throws {
        let sealed = try secrets.seal(Data(key.utf8))
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO api_keys (name, key_hash, key_sealed, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET key_hash = excluded.key_hash, key_sealed = excluded.key_sealed,
                    created_at = excluded.created_at
                """, arguments: [Self.defaultKeyName, SecretBox.digest(key), sealed, Date().milliseconds])
        }
    }

    func isAPIKey(_ candidate: String) async throws -> Bool {
        // Comparing digests in SQL leaks no timing about the key itself.
        let digest = SecretBox.digest(candidate)
        return try await pool.read {
            try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM api_keys WHERE key_hash = ?)", arguments: [digest]) ?? false
        }
    }

    private struct Credentials: Sendable {
        var user: User
        var passwordHash: String
    }

    private static func user(_ row: Row) -> User {
        User(id: row["id"], username: row["username"], createdAt: Date(milliseconds: row["created_at"]))
    }
}
