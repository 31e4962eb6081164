import HTTPTypes
import Hummingbird
import NIOCore
import WhereaboutsSecurity
import WhereaboutsStore

/// What the page frame shows of the signed-in account.
struct Chrome: Sendable {
    let account: Account
    let csrf: String
    /// The current path, to come back to after switching language.
    let path: String
}

/// The frame every page is drawn in: header, navigation, language switcher, main content.
enum Layout {
    /// Pages may load their own stylesheet and nothing else; there is no script at all.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// A whole page. Anonymous pages pass the pre-session token and their path for the language switcher.
    static func page(
        title: String, body: HTML, text: Localizer, chrome: Chrome?, languageCSRF: String? = nil, path: String? = nil
    ) -> HTML {
        let navigation: HTML
        if let chrome {
            var links: [HTML] = [
                "<li><a href=\"\(SiteURL.dashboard.path)\">\(text[.navDashboard])</a></li>",
                "<li><a href=\"\(SiteURL.search.path)\">\(text[.navSearch])</a></li>",
                "<li><a href=\"\(SiteURL.unTracker.path)\">\(text[.navUN])</a></li>",
            ]
            if chrome.account.permissions.contains(.readRecords) {
                links.append("<li><a href=\"\(SiteURL.estimates.path)\">\(text[.navEstimates])</a></li>")
                links.append("<li><a href=\"\(SiteURL.cyber.path)\">\(text[.navCyber])</a></li>")
                links.append("<li><a href=\"\(SiteURL.reparations(nil).path)\">\(text[.navReparations])</a></li>")
            }
            if chrome.account.permissions.contains(.writeRecords) {
                links.append("<li><a href=\"\(SiteURL.newEvent.path)\">\(text[.navNewEvent])</a></li>")
                links.append("<li><a href=\"\(RecordFormPath.index)\">\(text[FormText.recordForms])</a></li>")
                links.append("<li><a href=\"\(MyWorkPath.page)\">\(text[FormText.navMyWork])</a></li>")
            }
            if !chrome.account.permissions.isDisjoint(with: [.writeRecords, .export]) {
                links.append("<li><a href=\"\(TransferPath.page)\">\(text[FormText.navImportExport])</a></li>")
            }
            if chrome.account.permissions.contains(.reviewMatches) {
                links.append("<li><a href=\"\(SiteURL.review.path)\">\(text[.navReview])</a></li>")
            }
            if chrome.account.permissions.contains(.manageUsers) {
                links.append("<li><a href=\"\(SiteURL.users.path)\">\(text[.navUsers])</a></li>")
                links.append("<li><a href=\"\(SiteURL.compartments.path)\">\(text[.navCompartments])</a></li>")
                links.append("<li><a href=\"\(SiteURL.audit.path)\">\(text[.navAudit])</a></li>")
            }
            navigation = """
                <nav aria-label="\(text[.navLabel])"><ul>\(links)</ul></nav>
                <div class="account">
                <a href="\(SiteURL.account.path)">\(text.format(.signedInAs, chrome.account.displayName))</a>
                <form method="post" action="\(SiteURL.signOut.path)">
                <input type="hidden" name="csrf" value="\(chrome.csrf)">
                <button type="submit">\(text[.signOut])</button></form>
                </div>
                """
        } else {
            navigation = .empty
        }
        let csrf = chrome?.csrf ?? languageCSRF
        let switcher: HTML =
            csrf.map { token in
                let options = Language.allCases.map { language -> HTML in
                    let selected: HTML = language == text.language ? " selected" : ""
                    return
                        "<option value=\"\(language.rawValue)\" lang=\"\(language.rawValue)\"\(selected)>\(language.nativeName)</option>"
                }
                return """
                    <form method="post" action="\(SiteURL.language.path)" class="language">
                    <input type="hidden" name="csrf" value="\(token)">
                    <input type="hidden" name="back" value="\(chrome?.path ?? path ?? "")">
                    <label for="language-choice">\(text[.language])</label>
                    <select id="language-choice" name="language">\(options)</select>
                    <button type="submit">\(text[.languageApply])</button>
                    </form>
                    """
            } ?? .empty
        return """
            <!doctype html>
            <html lang="\(text.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Whereabouts</title>
            <link rel="stylesheet" href="\(SiteURL.stylesheet.path)">
            </head>
            <body>
            <a class="skip" href="#main">\(text[.skipToContent])</a>
            <header>
            <p class="brand"><a href="\(SiteURL.dashboard.path)">Whereabouts</a></p>
            \(navigation)
            \(switcher)
            </header>
            <main id="main" tabindex="-1">
            \(body)
            </main>
            </body>
            </html>
            """
    }

    static func response(_ html: HTML, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html.rendered)))
    }
}

extension SignedInPage {
    /// The page frame for this session.
    func chrome(_ request: Request) -> Chrome {
        Chrome(account: account, csrf: session.csrfToken, path: request.uri.path)
    }

    /// A whole page in this session's frame.
    func render(_ title: String, _ body: HTML, request: Request, status: HTTPResponse.Status = .ok) -> Response {
        Layout.response(Layout.page(title: title, body: body, text: text, chrome: chrome(request)), status: status)
    }
}
