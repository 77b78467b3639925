import AutoArrCore
import HTTPTypes
import Hummingbird

/// Requires the API key (`X-Api-Key` header or `apikey` query parameter, as the *arrs accept; `Authorization: Bearer` for MCP
/// clients) or a session cookie.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The session cookie's name.
    static let cookieName = "autoarr_session"

    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let key = request.headers[.xApiKey] ?? Self.bearer(request) ?? request.uri.queryParameters["apikey"].map(String.init) {
            guard try await auth.isValidAPIKey(key) else { throw Self.rejected }
            context.principal = .apiKey
        } else if let token = request.cookies[Self.cookieName]?.value, let user = try await auth.user(sessionToken: token) {
            context.principal = .session(user, token: token)
        } else {
            throw Self.rejected
        }
        return try await next(request, context)
    }

    private static let rejected = AutoArrError(
        .unauthorized, "a valid API key (X-Api-Key header, Authorization: Bearer, or apikey parameter) or a login session is required")

    /// `Authorization: Bearer <key>`, as MCP clients send it.
    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization], value.count > 7, value.prefix(7).lowercased() == "bearer " else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}

extension HTTPField.Name {
    static let xApiKey = Self("X-Api-Key")!
}
