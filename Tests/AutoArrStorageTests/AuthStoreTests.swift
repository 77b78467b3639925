import AutoArrCore
import Foundation
import Testing
@testable import AutoArrStorage

@Suite struct AuthStoreTests {
    @Test func onlyTheFirstUserCanBeCreatedBySetupEvenConcurrently() async throws {
        let store = try openDatabase(temporaryDataDir()).auth
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask { (try? await store.createUser(username: "admin\(index)", passwordHash: "h", onlyIfFirst: true)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try await store.userCount() == 1)
    }

    @Test func usernamesAreUniqueIgnoringCase() async throws {
        let store = try openDatabase(temporaryDataDir()).auth
        _ = try await store.createUser(username: "Admin", passwordHash: "h", onlyIfFirst: false)
        await #expect(throws: AutoArrError.self) { try await store.createUser(username: "admin", passwordHash: "h", onlyIfFirst: false) }
    }

    @Test func sessionsExpire() async throws {
        let store = try openDatabase(temporaryDataDir()).auth
        let user = try await store.createUser(username: "admin", passwordHash: "h", onlyIfFirst: true)
        let now = Date()
        try await store.createSession(token: "live", userId: user.id, expiresAt: now.addingTimeInterval(60))
        try await store.createSession(token: "dead", userId: user.id, expiresAt: now.addingTimeInterval(-1))
        #expect(try await store.user(sessionToken: "live", now: now)?.username == "admin")
        #expect(try await store.user(sessionToken: "dead", now: now) == nil)
        #expect(try await store.deleteExpiredSessions(now: now) == 1)
        #expect(try await store.user(sessionToken: "live", now: now.addingTimeInterval(61)) == nil)
    }

    @Test func theAPIKeyIsCheckedByHash() async throws {
        let store = try openDatabase(temporaryDataDir()).auth
        #expect(try await store.apiKey() == nil)
        #expect(try await store.isAPIKey("") == false)
        try await store.setAPIKey("first")
        try await store.setAPIKey("second")
        #expect(try await store.apiKey() == "second")
        #expect(try await store.isAPIKey("second"))
        #expect(try await store.isAPIKey("first") == false)
    }
}
