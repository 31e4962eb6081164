import Hummingbird
import Logging
import WhereaboutsStore

/// Finds out who is calling: an API token in `Authorization: Bearer` for `/api/`, a session cookie
/// for the web pages. A bad credential leaves the caller anonymous (routes then answer 401 or send
/// the browser to sign in); it is logged without the credential itself.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountStore

    static let sessionCookie = "wh_session"
    static let languageCookie = "wh_lang"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        if request.uri.path.hasPrefix("/api/") {
            if let header = request.headers[.authorization] {
                let parts = header.split(separator: " ", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "bearer",
                    let account = try await accounts.authenticate(token: String(parts[1]))
                {
                    context.caller = Caller(account: account, credential: .token)
                } else {
                    context.logger.notice(
                        "refused API credential", metadata: ["path": .string(LoggedPath.redacted(request.uri.path))])
                }
            }
        } else if let token = request.cookies[Self.sessionCookie]?.value {
            if let session = try await accounts.session(token: token) {
                if session.secondFactorDone || !session.account.requiresSecondFactor {
                    context.caller = Caller(account: session.account, credential: .session(session, token: token))
                } else {
                    context.pendingSession = PendingSession(session: session, token: token)
                }
            }
        }
        context.language =
            (context.caller?.account.language).flatMap(Language.init(rawValue:))
            ?? request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) }
            ?? Language.negotiate(request.headers[.acceptLanguage])
        return try await next(request, context)
    }
}
