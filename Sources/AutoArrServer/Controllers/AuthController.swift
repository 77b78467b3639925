import AutoArrCore
import Foundation
import Hummingbird

/// First-run setup, login and logout, and the API key for its owner.
struct AuthController {
    let auth: AuthService
    let sessionTTL: TimeInterval
    /// Limits password attempts (setup and login) per client IP.
    let attempts: RateLimiter

    struct Credentials: Decodable {
        var username: String
        var password: String
    }

    /// Whether an account must be created first, and whether this browser's session is signed in: what the UI asks
    /// before anything else, so a fresh browser meets no 401.
    struct SetupState: ResponseEncodable {
        var setupRequired: Bool
        var signedIn: Bool
        var username: String?
    }

    struct SessionResource: ResponseEncodable {
        var username: String
        var expiresAt: Date
    }

    struct Me: ResponseEncodable {
        var username: String?
        var authenticatedBy: String
    }

    struct APIKeyResource: ResponseEncodable {
        var apiKey: String
    }

    /// Routes that work without a session: setup (only until a user exists) and login.
    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("auth/setup") { request, _ in
            let user = try await request.cookies[AuthMiddleware.cookieName].map(\.value).asyncFlatMap { try await auth.user(sessionToken: $0) }
            return SetupState(setupRequired: try await auth.isSetupRequired(), signedIn: user != nil, username: user?.username)
        }
        let limited = group.group().add(middleware: RateLimitMiddleware(limiter: attempts))
        limited.post("auth/setup") { request, context in
            let body = try await request.decodeJSON(Credentials.self, context: context)
            return try sessionResponse(try await auth.setup(username: body.username, password: body.password), status: .created)
        }
        limited.post("auth/login") { request, context in
            let body = try await request.decodeJSON(Credentials.self, context: context)
            return try sessionResponse(try await auth.login(username: body.username, password: body.password), status: .ok)
        }
    }

    /// Routes behind `AuthMiddleware`.
    func addProtectedRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("auth/logout") { _, context in
            if case .session(_, let token) = context.principal { try await auth.logout(token: token) }
            var response = Response(status: .noContent)
            response.setCookie(Cookie(name: AuthMiddleware.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        group.get("auth/me") { _, context in
            switch context.principal {
            case .session(let user, _): Me(username: user.username, authenticatedBy: "session")
            case .apiKey, nil: Me(username: nil, authenticatedBy: "apiKey")
            }
        }
        // The key is shown only to a logged-in person, never to a program holding the key.
        group.get("auth/apikey") { _, context in
            try Self.requireSession(context)
            return APIKeyResource(apiKey: try await auth.apiKey())
        }
        group.post("auth/apikey/rotate") { _, context in
            try Self.requireSession(context)
            return APIKeyResource(apiKey: try await auth.rotateAPIKey())
        }
    }

    private static func requireSession(_ context: AppRequestContext) throws {
        guard case .session = context.principal else {
            throw AutoArrError(.forbidden, "the API key can only be shown or rotated from a login session")
        }
    }

    private func sessionResponse(_ session: AuthService.Session, status: HTTPResponse.Status) throws -> Response {
        var response = Response.json(
            try APIJSON.encoder.encode(SessionResource(username: session.user.username, expiresAt: session.expiresAt)), status: status)
        response.setCookie(Cookie(
            name: AuthMiddleware.cookieName, value: session.token, maxAge: Int(sessionTTL), path: "/",
            httpOnly: true, sameSite: .strict))
        return response
    }
}

extension Optional {
    /// The value mapped by an async function, or nil.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
