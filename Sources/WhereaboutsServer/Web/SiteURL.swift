import WhereaboutsCore

/// Every page of the web interface: the one place that knows both a page's route and its links.
public enum SiteURL: Sendable, Equatable {
    case dashboard
    case signIn
    case signInCode
    case signOut
    case signOutEverywhere
    case setup(token: String)
    case secondFactor
    case account
    case tokens
    case language
    case search
    case record(RecordKind, RecordID)
    case history(RecordKind, RecordID)
    case restore(RecordKind, RecordID, version: Int)
    case newEvent
    case users
    case user(String)
    case compartments
    case audit
    case review
    case reviewDecision(Int)
    case evidenceDownload(String)
    case stylesheet

    public var path: String {
        switch self {
        case .dashboard: "/"
        case .signIn: "/sign-in"
        case .signInCode: "/sign-in/code"
        case .signOut: "/sign-out"
        case .signOutEverywhere: "/sign-out/everywhere"
        case .setup(let token): "/setup/" + token
        case .secondFactor: "/account/second-factor"
        case .account: "/account"
        case .tokens: "/account/tokens"
        case .language: "/account/language"
        case .search: "/search"
        case .record(let kind, let id): "/\(kind.collection)/\(id)"
        case .history(let kind, let id): "/\(kind.collection)/\(id)/history"
        case .restore(let kind, let id, let version): "/\(kind.collection)/\(id)/history/\(version)/restore"
        case .newEvent: "/events/new"
        case .users: "/admin/users"
        case .user(let id): "/admin/users/" + id
        case .compartments: "/admin/compartments"
        case .audit: "/admin/audit"
        case .review: "/review"
        case .reviewDecision(let id): "/review/\(id)"
        case .evidenceDownload(let id): "/evidence/\(id)/download"
        case .stylesheet: "/static/app.css"
        }
    }
}
