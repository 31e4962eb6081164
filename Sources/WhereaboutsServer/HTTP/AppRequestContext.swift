import Hummingbird
import Logging
import WhereaboutsStore

/// The request context of every Whereabouts route. ``AuthenticationMiddleware`` fills in who is
/// calling; routes that need a user run in an ``AuthorizedContext`` built from this one.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, once a bearer token or a session cookie has been checked.
    public var caller: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// JSON bodies larger than 1 MiB are refused before they are read.
    public var maxUploadSize: Int { 1 << 20 }
}

/// Who is calling and how they proved it.
public struct Caller: Sendable {
    public enum Credential: Sendable {
        /// An API token (scripts, the CLI against a remote server).
        case token
        /// A browser session that has completed sign-in (including any second factor it needs).
        case session(Session, token: String)
    }

    public let account: Account
    public let credential: Credential

    /// The session, for the web UI's CSRF check.
    public var session: Session? {
        if case .session(let session, _) = credential { return session }
        return nil
    }
}
