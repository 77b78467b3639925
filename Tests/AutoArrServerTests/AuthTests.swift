import AutoArrApp
import AutoArrCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import AutoArrServer

@Suite struct AuthTests {
    @Test func protectedRoutesNeedTheRightKey() async throws {
        try await TestApp().run { client, app in
            let key = try await app.apiKey
            #expect(try await client.send(.get, "/api/v1/system/status").status == .unauthorized)
            let wrong = try await client.send(.get, "/api/v1/system/status", as: .key("not-the-key"))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "unauthorized")
            #expect(try await client.send(.get, "/api/v1/system/status", as: .key(key)).status == .ok)
            #expect(try await client.send(.get, "/api/v1/system/status?apikey=\(key)").status == .ok)
            #expect(try await client.send(.get, "/api/v1/system/status?apikey=wrong").status == .unauthorized)
        }
    }

    @Test func publicRoutesNeedNoCredentials() async throws {
        try await TestApp().run { client, _ in
            let health = try await client.send(.get, "/api/v1/health")
            #expect(health.status == .ok)
            let ready = try await client.send(.get, "/api/v1/health/ready")
            #expect(ready.status == .ok)
            let setup = try await client.send(.get, "/api/v1/auth/setup")
            #expect(setup.object["setupRequired"] as? Bool == true)
            // Everything else under /api/v1 is closed, including the WebSocket and the OpenAPI document.
            for path in ["/api/v1/services", "/api/v1/activity", "/api/v1/ws", "/api/v1/openapi.json", "/api/v1/auth/me"] {
                let response = try await client.send(.get, path)
                #expect(response.status == .unauthorized, "\(path)")
            }
        }
    }

    @Test func setupCreatesTheAdminOnceAndLogsIn() async throws {
        try await TestApp().run { client, _ in
            let setup = try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"admin","password":"correct horse"}"#)
            #expect(setup.status == .created)
            let cookie = try #require(setup.headers[values: .setCookie].first)
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let token = try #require(setup.sessionToken)
            let me = try await client.send(.get, "/api/v1/auth/me", as: .cookie(token))
            #expect(me.object["username"] as? String == "admin")
            #expect(me.object["authenticatedBy"] as? String == "session")

            let again = try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"other","password":"another password"}"#)
            #expect(again.status == .conflict)
            #expect(try await client.send(.get, "/api/v1/auth/setup").object["setupRequired"] as? Bool == false)
        }
    }

    @Test func setupRejectsShortPasswordsNamingTheField() async throws {
        try await TestApp().run { client, _ in
            let short = try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"admin","password":"short"}"#)
            #expect(short.status == .badRequest)
            #expect(short.errorField == "password")
            let missing = try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"admin"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.errorField == "password")
        }
    }

    @Test func aWrongPasswordDoesNotRevealWhetherTheUserExists() async throws {
        try await TestApp().run { client, _ in
            try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"admin","password":"correct horse"}"#)
            let wrongPassword = try await client.send(.post, "/api/v1/auth/login", json: #"{"username":"admin","password":"wrong password"}"#)
            let unknownUser = try await client.send(.post, "/api/v1/auth/login", json: #"{"username":"nobody","password":"wrong password"}"#)
            #expect(wrongPassword.status == .unauthorized)
            #expect(unknownUser.status == .unauthorized)
            #expect(wrongPassword.text == unknownUser.text)
            #expect(wrongPassword.sessionToken == nil)
        }
    }

    @Test func loginLogoutAndSessionLifetime() async throws {
        try await TestApp().run { client, _ in
            try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"admin","password":"correct horse"}"#)
            let login = try await client.send(.post, "/api/v1/auth/login", json: #"{"username":"admin","password":"correct horse"}"#)
            #expect(login.status == .ok)
            let token = try #require(login.sessionToken)
            #expect(try await client.send(.get, "/api/v1/services", as: .cookie(token)).status == .ok)
            #expect(try await client.send(.post, "/api/v1/auth/logout", as: .cookie(token)).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/services", as: .cookie(token)).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/services", as: .cookie("forged")).status == .unauthorized)
        }
    }

    @Test func theAPIKeyIsShownAndRotatedOnlyForASession() async throws {
        try await TestApp().run { client, app in
            let oldKey = try await app.apiKey
            #expect(try await client.send(.get, "/api/v1/auth/apikey", as: .key(oldKey)).status == .forbidden)
            let token = try #require(try await client.send(
                .post, "/api/v1/auth/setup", json: #"{"username":"admin","password":"correct horse"}"#).sessionToken)
            #expect(try await client.send(.get, "/api/v1/auth/apikey", as: .cookie(token)).object["apiKey"] as? String == oldKey)
            let rotated = try await client.send(.post, "/api/v1/auth/apikey/rotate", as: .cookie(token))
            let newKey = try #require(rotated.object["apiKey"] as? String)
            #expect(newKey != oldKey)
            #expect(try await client.send(.get, "/api/v1/system/status", as: .key(oldKey)).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/system/status", as: .key(newKey)).status == .ok)
        }
    }

    @Test func passwordGuessingIsRateLimited() async throws {
        try await TestApp().run { client, app in
            try await client.send(.post, "/api/v1/auth/setup", json: #"{"username":"admin","password":"correct horse"}"#)
            // Wrong guesses until the limiter answers 429. A slow machine may earn a refill (one per 6 s) on the way,
            // so the count is a lower bound: the burst of ten (setup spent one) always gets through first.
            var unauthorized = 0
            var limited: TestResponse?
            for _ in 1...40 where limited == nil {
                let response = try await client.send(.post, "/api/v1/auth/login", json: #"{"username":"admin","password":"guess guess"}"#)
                if response.status == .unauthorized { unauthorized += 1 }
                if response.status == .tooManyRequests { limited = response }
            }
            #expect(unauthorized >= 9)
            let answer = try #require(limited)
            #expect(answer.errorCode == "rate_limited")
            #expect(Int(answer.headers[.init("Retry-After")!] ?? "") ?? 0 > 0)
            // Other routes are not limited.
            let key = try await app.apiKey
            let status = try await client.send(.get, "/api/v1/system/status", as: .key(key))
            #expect(status.status == .ok)
        }
    }
}
