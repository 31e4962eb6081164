import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

/// The web interface: every page, registered on the router.
struct WebController {
    let store: SQLRecordStore
    let accounts: AccountStore
    let audit: AuditLog
    /// Whether cookies carry `Secure` (the server is reached over TLS through a proxy).
    let secureCookies: Bool
    /// The largest evidence file taken in from a browser, in bytes (`serve --evidence-limit-mb`).
    let evidenceLimit: Int
    /// The timestamp authority evidence taken in from a browser is timestamped by (`serve --tsa-url`).
    let timestamps: TimestampService?
    /// Draws PDF items' pages as images (`serve` finds poppler's tools; nil: no PDF previews).
    var pdfPreviewer: PDFPreviewer? = nil
    /// Rendered record pages, while the data is unchanged.
    let pages = PageCache()
    /// Estimates made, by table hash and settings (the same table gives the same figures).
    let estimates = EstimateCache()
    /// The latest estimate each reach of access made, for the dashboard.
    let latestEstimates = LatestEstimates()

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.stylesheet.path)) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        registerSignIn(on: router)
        registerSetup(on: router)
        registerRecordPages(on: router)
        registerEvidenceDownload(on: router)
        registerEvidencePages(on: router)
        registerEvidenceUpload(on: router)
        registerEditing(on: router)
        registerAdministration(on: router)
        registerAccount(on: router)
        registerPersonEditing(on: router)
        registerAuditPage(on: router)
        registerReviewPages(on: router)
        registerUNPages(on: router)
        registerEstimatePages(on: router)
        registerRecordForms(on: router)
        registerTransfers(on: router)
        registerMyWork(on: router)
        registerCyberPages(on: router)
        registerReparationPages(on: router)
    }

    // MARK: - Cookies

    static let preSessionCookie = "wh_pre"

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(
            name: AuthenticationMiddleware.sessionCookie, value: token, path: "/", secure: secureCookies,
            httpOnly: true, sameSite: .strict)
    }

    func expiredCookie(_ name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// The pre-session CSRF token of an anonymous browser (sign-in and set-up forms), and whether it is new.
    func preSessionToken(_ request: Request) -> (token: String, isNew: Bool) {
        if let existing = request.cookies[Self.preSessionCookie]?.value, existing.count == 43 {
            return (existing, false)
        }
        return (SecretToken.generate(), true)
    }

    func preSessionCookie(_ token: String) -> Cookie {
        Cookie(
            name: Self.preSessionCookie, value: token, path: "/", secure: secureCookies, httpOnly: true,
            sameSite: .strict)
    }

    /// Refuses an anonymous form whose token does not match the browser's pre-session cookie.
    func requirePreSessionCSRF(_ form: Form, _ request: Request, _ context: AppRequestContext) throws {
        guard let cookie = request.cookies[Self.preSessionCookie]?.value, SecretToken.matches(form["csrf"], cookie)
        else { throw PageError.badCSRF(context.language) }
    }

    /// A page for a browser that is not signed in (sign-in, set-up): its forms carry the pre-session
    /// token, which is set as a cookie when the browser has none yet.
    func anonymousPage(
        _ request: Request, _ context: AppRequestContext, title: UIText, status: HTTPResponse.Status,
        body: (_ csrf: String) -> HTML
    ) -> Response {
        let text = Localizer(context.language)
        let (csrf, isNew) = preSessionToken(request)
        var response = Layout.response(
            Layout.page(
                title: text[title], body: body(csrf), text: text, chrome: nil, languageCSRF: csrf,
                path: request.uri.path),
            status: status)
        if isNew { response.setCookie(preSessionCookie(csrf)) }
        return response
    }

    /// An alert for a refused form, or nothing.
    static func alert(_ message: String?) -> HTML {
        message.map { "<p class=\"alert\" role=\"alert\">\($0)</p>" } ?? .empty
    }

    /// Appends to the audit log what a request did, with where it came from.
    func note(
        _ action: AuditEvent.Action, actor: String, target: String = "", outcome: AuditEvent.Outcome = .success,
        details: [String: String] = [:], address: String
    ) async throws {
        try await audit.record(
            AuditEvent(
                actor: actor, action: action, target: target, address: address, outcome: outcome, details: details))
    }

    /// The address a request came from, for throttling (never logged with names).
    static func address(_ context: AppRequestContext) -> String {
        context.clientAddress ?? context.remoteAddress?.ipAddress ?? "unknown"
    }
}
