import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsSecurity
import WhereaboutsStore

/// The context of a web page for a signed-in browser session whose account holds `Requirement`'s
/// permission. Without a session the browser is sent to sign in; without the permission it gets a
/// 403 page — before the handler runs, so no page checks roles itself.
public struct SignedInPage<Requirement: RequiredPermission>: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let caller: Caller
    public let session: Session
    public let language: Language
    /// Where the request came from, for the audit log.
    public let address: String

    public init(context: AppRequestContext) throws {
        guard let caller = context.caller, let session = caller.session else { throw PageError.signInRequired }
        if let permission = Requirement.permission, !caller.account.permissions.contains(permission) {
            throw PageError.status(403, context.language)
        }
        self.coreContext = context.coreContext
        self.caller = caller
        self.session = session
        self.language = context.language
        self.address = WebController.address(context)
    }

    public var account: Account { caller.account }
    public var access: RecordAccess { caller.access }
    public var text: Localizer { Localizer(language) }
    public var maxUploadSize: Int { 1 << 20 }

    /// Refuses a form whose CSRF token is not this session's (compared in constant time).
    public func requireCSRF(_ form: Form) throws { try requireCSRF(token: form["csrf"]) }

    /// Refuses a token that is not this session's (a multipart form's, read from its fields).
    public func requireCSRF(token: String?) throws {
        guard SecretToken.matches(token, session.csrfToken) else { throw PageError.badCSRF(language) }
    }
}

/// Why a page was not served: each becomes a redirect or a small HTML page in the reader's language.
public enum PageError: Error, Sendable, CustomStringConvertible {
    case signInRequired
    case badCSRF(Language)
    case status(Int, Language)

    public var description: String {
        switch self {
        case .signInRequired: "sign-in required"
        case .badCSRF: "missing or forged CSRF token"
        case .status(let code, _): "status \(code)"
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        switch self {
        case .signInRequired:
            return .seeOther(to: SiteURL.signIn.path)
        case .badCSRF(let language):
            return Self.page(403, language, message: .errorForm)
        case .status(let code, let language):
            let message: UIText =
                switch code {
                case 401: .errorSignIn
                case 403: .errorForbidden
                case 404: .errorNotFound
                case 413: .errorTooLarge
                case 400, 422: .errorInvalid
                case 409: .errorConflict
                case 503: .errorBusy
                default: .errorInternal
                }
            return Self.page(code, language, message: message)
        }
    }

    static func page(_ code: Int, _ language: Language, message: UIText) -> Response {
        let text = Localizer(language)
        let body: HTML = """
            <h1>\(text[.errorTitle]) (\(code))</h1>
            <p>\(text[message])</p>
            <p><a href="\(SiteURL.dashboard.path)">\(text[.navDashboard])</a></p>
            """
        return Layout.response(
            Layout.page(title: text[.errorTitle], body: body, text: text, chrome: nil), status: .init(code: code))
    }
}

extension Response {
    /// A 303 See Other to a path on this site.
    static func seeOther(to path: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.location] = path
        return Response(status: .seeOther, headers: headers)
    }
}
