import Hummingbird
import Logging

/// Turns every error a route throws into an RFC 9457 problem response; errors it does not know
/// become a 500 whose detail reveals nothing, and are logged with the request id.
///
/// Outside `/api/`, the same errors become HTML pages in the reader's language.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            if let page = error as? PageError {
                if case .signInRequired = page {
                } else {
                    context.logger.notice(
                        "page refused",
                        metadata: ["path": "\(LoggedPath.redacted(request.uri.path))", "reason": "\(page)"])
                }
                return try page.response(from: request, context: context)
            }
            if !request.uri.path.hasPrefix("/api/"),
                let problem = Problem.from(error)
                    ?? (error as? HTTPError).map({
                        Problem(status: $0.status, type: "http", title: $0.status.reasonPhrase)
                    })
            {
                context.logger.notice(
                    "page refused",
                    metadata: ["path": "\(LoggedPath.redacted(request.uri.path))", "status": "\(problem.statusCode)"])
                var response = try PageError.status(problem.statusCode, context.language).response(
                    from: request, context: context)
                if let retryAfter = problem.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
                return response
            }
            if let problem = Problem.from(error) {
                if problem.statusCode == 503 {
                    context.logger.warning(
                        "request gave way to concurrent writes",
                        metadata: ["path": "\(LoggedPath.redacted(request.uri.path))"])
                } else if problem.statusCode >= 500 {
                    context.logger.error(
                        "request failed",
                        metadata: ["error": "\(error)", "path": "\(LoggedPath.redacted(request.uri.path))"])
                } else if problem.statusCode >= 400 {
                    context.logger.notice(
                        "request refused",
                        metadata: [
                            "status": "\(problem.statusCode)", "problem": "\(problem.type)",
                            "path": "\(LoggedPath.redacted(request.uri.path))",
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
            if !request.uri.path.hasPrefix("/api/") {
                return try PageError.status(500, context.language).response(from: request, context: context)
            }
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
