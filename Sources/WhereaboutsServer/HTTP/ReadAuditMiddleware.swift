import Hummingbird
import WhereaboutsStore

/// Hands ``ReadAuditor`` every request in which the store opened identities for a caller who sees
/// them, and every search such a caller ran — whatever the route, page or record kind: the store
/// notes what it opens (``IdentityReads``), so nothing here lists paths. The entry names the path
/// (which names the record); query strings are never recorded (search terms can be names). A
/// refused request that asked for a record by id is audited as a refused read.
struct ReadAuditMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let auditor: ReadAuditor

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let caller = context.caller, caller.account.permissions.contains(.seeIdentities) else {
            return try await next(request, context)
        }
        let reads = caller.identityReads
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            if reads.lookedUp || reads.count > 0 || reads.searched {
                note(reads, caller: caller, request: request, context: context, outcome: .refused)
            }
            throw error
        }
        let refused = response.status.code >= 400
        if reads.count > 0 || reads.searched || (refused && reads.lookedUp) {
            note(reads, caller: caller, request: request, context: context, outcome: refused ? .refused : .success)
        }
        return response
    }

    private func note(
        _ reads: IdentityReads, caller: Caller, request: Request, context: Context, outcome: AuditEvent.Outcome
    ) {
        auditor.note(
            actor: caller.account.username, action: reads.searched ? .search : .identityRead,
            target: request.uri.path, address: WebController.address(context), outcome: outcome,
            weight: outcome == .refused ? 0 : max(1, reads.count))
    }
}
