import AutoArrCore
import HTTPTypes
import Hummingbird

/// Answers 429 with `Retry-After` once a client IP has used up its requests on the routes behind it.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if case .limited(let retryAfter) = limiter.check(context.clientAddress) {
            var response = APIError(
                status: .tooManyRequests, code: "rate_limited", message: "too many attempts; try again in \(retryAfter) s").response
            response.headers[HTTPField.Name("Retry-After")!] = String(retryAfter)
            return response
        }
        return try await next(request, context)
    }
}
