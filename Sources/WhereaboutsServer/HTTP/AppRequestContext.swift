import Hummingbird
import Logging
import NIOCore
import WhereaboutsStore

/// The request context of every Whereabouts route. ``AuthenticationMiddleware`` fills in who is
/// calling; routes that need a user run in an ``AuthorizedContext`` built from this one.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, once a bearer token or a session cookie has been checked.
    public var caller: Caller?
    /// A browser session that has passed the password but still owes its second factor (or has none
    /// set up yet): only the second-factor pages accept it.
    public var pendingSession: PendingSession?
    /// The interface language: the account's choice, else the language cookie, else `Accept-Language`.
    public var language: Language = .en

    /// The address the connection came from.
    public let remoteAddress: SocketAddress?
    /// The client's address (for throttling and the audit; not logged with names): the peer, or the
    /// address a trusted proxy forwarded for (``ClientAddress``).
    public var clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies larger than 1 MiB are refused before they are read.
    public var maxUploadSize: Int { 1 << 20 }
}

/// A session still owing its second factor, and the token that names it.
public struct PendingSession: Sendable {
    public let session: Session
    public let token: String
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
    /// What the store opened of identities for this caller during the request (for the read audit).
    public let identityReads = IdentityReads()

    /// What the caller may see of the records, noting every identity the store opens for them.
    public var access: RecordAccess { RecordAccess(account: account).noting(into: identityReads) }

    /// The session, for the web UI's CSRF check.
    public var session: Session? {
        if case .session(let session, _) = credential { return session }
        return nil
    }
}
