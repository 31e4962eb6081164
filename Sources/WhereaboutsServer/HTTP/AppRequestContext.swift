import Hummingbird
import Logging

/// The request context of every Whereabouts route. Accounts and sessions (a later step) add the
/// signed-in user to a child context; until then every change is attributed to the API caller.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// JSON bodies larger than 1 MiB are refused before they are read.
    public var maxUploadSize: Int { 1 << 20 }

    /// Who changes are attributed to.
    public var actor: String { "api" }
}
