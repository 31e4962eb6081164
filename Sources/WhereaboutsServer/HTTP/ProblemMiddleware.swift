import Hummingbird
import Logging

/// Turns every error a route throws into an RFC 9457 problem response; errors it does not know
/// become a 500 whose detail reveals nothing, and are logged with the request id.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            if let problem = Problem.from(error) {
                if problem.statusCode >= 500 {
                    context.logger.error(
                        "request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
                } else if problem.statusCode >= 400 {
                    context.logger.notice(
                        "request refused",
                        metadata: [
                            "status": "\(problem.statusCode)", "problem": "\(problem.type)",
                            "path": "\(request.uri.path)",
                        ])
                }
                return try problem.response(from: request, context: context)
            }
            if let httpError = error as? HTTPError {
                let problem = Problem(
                    status: httpError.status, type: "http", title: httpError.status.reasonPhrase,
                    detail: httpError.body)
                return try problem.response(from: request, context: context)
            }
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            let problem = Problem(
                status: .internalServerError, type: "internal", title: "Internal error",
                detail: "Nothing was written. The error is in the server log under request id \(context.id).")
            return try problem.response(from: request, context: context)
        }
    }
}

/// Headers that keep browsers from framing, sniffing or leaking anything from the API.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        return response
    }
}
