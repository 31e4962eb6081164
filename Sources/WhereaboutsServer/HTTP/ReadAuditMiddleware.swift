import Hummingbird
import WhereaboutsStore

/// Hands ``ReadAuditor`` every GET that can show identities to a signed-in caller who sees them:
/// persons, sources and events (pages list their victims), the review queue of matches, and searches. The path names the record;
/// query strings are never recorded (search terms can be names).
struct ReadAuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let auditor: ReadAuditor

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .get || request.method == .head, let caller = context.caller,
            caller.account.permissions.contains(.seeIdentities), let read = Self.classify(request.uri.path)
        else { return try await next(request, context) }
        let outcome: AuditEvent.Outcome
        let response: Response
        do {
            response = try await next(request, context)
            outcome = response.status.code < 400 ? .success : .refused
        } catch {
            auditor.note(
                actor: caller.account.username, action: read.action, target: request.uri.path,
                address: WebController.address(context), outcome: .refused, weight: 0)
            throw error
        }
        let pageSize = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 500) } ?? 50
        auditor.note(
            actor: caller.account.username, action: read.action, target: request.uri.path,
            address: WebController.address(context), outcome: outcome, weight: read.isList ? pageSize : 1)
        return response
    }

    /// Which requests show identities: `(/api/v1)/persons…`, `/sources…`, `/events…`, `/search`.
    static func classify(_ path: String) -> (action: AuditEvent.Action, isList: Bool)? {
        var parts = path.split(separator: "/")
        if parts.starts(with: ["api", "v1"]) { parts.removeFirst(2) }
        guard let first = parts.first else { return nil }
        switch first {
        case "search": return (.search, true)
        case "persons", "sources", "events", "review": return (.identityRead, parts.count == 1)
        default: return nil
        }
    }
}
