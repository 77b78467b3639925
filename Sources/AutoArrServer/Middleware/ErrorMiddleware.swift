import Hummingbird
import Logging

/// Turns every thrown error, unknown routes included, into the API's JSON error shape.
/// Unexpected errors become a 500 whose detail is logged, never returned.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if var mapped = APIError.from(error) {
                if mapped.status == .notFound, error is HTTPError {
                    mapped.error.message = "no route for \(request.method) \(request.uri.path)"
                }
                return mapped.response
            }
            context.logger.error("unhandled error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return APIError(status: .internalServerError, code: "internal", message: "internal error; see the server log").response
        }
    }
}
