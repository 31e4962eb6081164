import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsSecurity
import WhereaboutsStore

extension WebController {
    func registerSignIn(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SiteURL.signIn.path)) { request, context in
            if context.caller != nil { return Response.seeOther(to: SiteURL.dashboard.path) }
            return signInPage(request, context, message: nil, status: .ok)
        }

        router.post(RouterPath(SiteURL.signIn.path)) { request, context in
            let form = try await Form.read(request, context: context)
            try requirePreSessionCSRF(form, request, context)
            let text = Localizer(context.language)
            let outcome = try await accounts.signIn(
                username: form["username"] ?? "", password: form.raw("password") ?? "", address: Self.address(context))
            switch outcome {
            case .refused:
                context.logger.notice("sign-in refused", metadata: ["address": .string(Self.address(context))])
                try await note(
                    .signIn, actor: try await auditActor(typed: form["username"]), outcome: .failure,
                    address: Self.address(context))
                return signInPage(request, context, message: text[.signInRefused], status: .unauthorized)
            case .throttled(let seconds):
                context.logger.notice("sign-in throttled", metadata: ["address": .string(Self.address(context))])
                try await note(
                    .signIn, actor: try await auditActor(typed: form["username"]), outcome: .refused,
                    details: ["throttled": String(seconds)], address: Self.address(context))
                return signInPage(
                    request, context, message: text.format(.signInThrottled, String(seconds)), status: .tooManyRequests)
            case .success(let account):
                context.logger.info("signed in", metadata: ["user": .string(account.username)])
                try await note(
                    .signIn, actor: account.username,
                    details: ["second-factor": account.requiresSecondFactor ? "next" : "not required"],
                    address: Self.address(context))
                let needsCode = account.requiresSecondFactor
                // The session records only what was proved: no code was given yet.
                let token = try await accounts.createSession(
                    account: account, secondFactorDone: false, address: Self.address(context))
                var response = Response.redirect(
                    to: !needsCode
                        ? SiteURL.dashboard.path
                        : account.hasSecondFactor ? SiteURL.signInCode.path : SiteURL.secondFactor.path)
                response.setCookie(sessionCookie(token))
                response.setCookie(expiredCookie(Self.preSessionCookie))
                return response
            }
        }

        router.get(RouterPath(SiteURL.signInCode.path)) { request, context in
            guard let pending = context.pendingSession, pending.session.account.hasSecondFactor else {
                return Response.seeOther(to: SiteURL.signIn.path)
            }
            return codePage(request, context, pending: pending, message: nil, status: .ok)
        }

        router.post(RouterPath(SiteURL.signInCode.path)) { request, context in
            guard let pending = context.pendingSession else { return Response.seeOther(to: SiteURL.signIn.path) }
            let form = try await Form.read(request, context: context)
            try requireCSRF(form, pending.session, context)
            let outcome = try await accounts.verifySecondFactor(
                userID: pending.session.account.id, code: form["code"] ?? "")
            if case .throttled(let seconds) = outcome {
                context.logger.notice(
                    "second factor throttled", metadata: ["user": .string(pending.session.account.username)])
                try await note(
                    .signInCode, actor: pending.session.account.username, outcome: .refused,
                    details: ["throttled": String(seconds)], address: Self.address(context))
                let text = Localizer(context.language)
                return codePage(
                    request, context, pending: pending, message: text.format(.signInThrottled, String(seconds)),
                    status: .tooManyRequests)
            }
            guard outcome == .accepted,
                let token = try await accounts.completeSecondFactor(
                    token: pending.token, address: Self.address(context))
            else {
                context.logger.notice(
                    "second factor refused", metadata: ["user": .string(pending.session.account.username)])
                try await note(
                    .signInCode, actor: pending.session.account.username, outcome: .failure,
                    address: Self.address(context))
                return codePage(
                    request, context, pending: pending, message: Localizer(context.language)[.codeRefused],
                    status: .unauthorized)
            }
            try await note(.signInCode, actor: pending.session.account.username, address: Self.address(context))
            var response = Response.seeOther(to: SiteURL.dashboard.path)
            response.setCookie(sessionCookie(token))
            return response
        }

        router.post(RouterPath(SiteURL.signOut.path)) { request, context in
            let form = try await Form.read(request, context: context)
            if let token = request.cookies[AuthenticationMiddleware.sessionCookie]?.value,
                let session = try await accounts.session(token: token)
            {
                try requireCSRF(form, session, context)
                try await accounts.endSession(token: token)
            }
            var response = Response.seeOther(to: SiteURL.signIn.path)
            response.setCookie(expiredCookie(AuthenticationMiddleware.sessionCookie))
            return response
        }

        router.group(context: SignedInPage<SignedIn>.self).post(RouterPath(SiteURL.signOutEverywhere.path)) {
            request, context in
            try context.requireCSRF(try await Form.read(request, context: context))
            let revoked = try await accounts.signOutEverywhere(userID: context.account.id)
            context.logger.info("signed out everywhere", metadata: ["user": .string(context.account.username)])
            try await note(
                .signOutEverywhere, actor: context.account.username, details: ["tokens-revoked": String(revoked)],
                address: context.address)
            var response = Response.seeOther(to: SiteURL.signIn.path)
            response.setCookie(expiredCookie(AuthenticationMiddleware.sessionCookie))
            return response
        }

        router.post(RouterPath(SiteURL.language.path)) { request, context in
            let form = try await Form.read(request, context: context)
            let language = form["language"].flatMap(Language.init(rawValue:)) ?? .en
            let back =
                form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? SiteURL.dashboard.path
            if let caller = context.caller, let session = caller.session {
                try requireCSRF(form, session, context)
                try await accounts.setLanguage(language.rawValue, userID: caller.account.id)
                return Response.seeOther(to: back)
            }
            try requirePreSessionCSRF(form, request, context)
            var response = Response.seeOther(to: back)
            response.setCookie(
                Cookie(
                    name: AuthenticationMiddleware.languageCookie, value: language.rawValue, maxAge: 365 * 86_400,
                    path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
    }

    /// Who a refused sign-in is recorded as in the audit log: the account's name when the typed
    /// name is an existing account's, else ``AuditEvent/unknownActor`` — never the typed text
    /// itself, which is sometimes a password typed into the wrong field.
    func auditActor(typed: String?) async throws -> String {
        guard let typed = typed?.lowercased(), Username.isValid(typed),
            let account = try await accounts.account(username: typed)
        else { return AuditEvent.unknownActor }
        return account.username
    }

    func requireCSRF(_ form: Form, _ session: Session, _ context: AppRequestContext) throws {
        guard SecretToken.matches(form["csrf"], session.csrfToken) else { throw PageError.badCSRF(context.language) }
    }

    func signInPage(
        _ request: Request, _ context: AppRequestContext, message: String?, status: HTTPResponse.Status
    ) -> Response {
        let text = Localizer(context.language)
        return anonymousPage(request, context, title: .signInTitle, status: status) { csrf in
            """
            <h1>\(text[.signInTitle])</h1>
            \(Self.alert(message))
            <form method="post" action="\(SiteURL.signIn.path)" class="stacked">
            <input type="hidden" name="csrf" value="\(csrf)">
            <div><label for="username">\(text[.username])</label>
            <input id="username" name="username" autocomplete="username" required maxlength="64" autofocus></div>
            <div><label for="password">\(text[.password])</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"></div>
            <div><button type="submit">\(text[.signIn])</button></div>
            </form>
            """
        }
    }

    func codePage(
        _ request: Request, _ context: AppRequestContext, pending: PendingSession, message: String?,
        status: HTTPResponse.Status
    ) -> Response {
        let text = Localizer(context.language)
        let body: HTML = """
            <h1>\(text[.codeTitle])</h1>
            \(Self.alert(message))
            <form method="post" action="\(SiteURL.signInCode.path)" class="stacked">
            <input type="hidden" name="csrf" value="\(pending.session.csrfToken)">
            <div><label for="code">\(text[.codeLabel])</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="20" autofocus>
            <p class="hint">\(text[.codeHint])</p></div>
            <div><button type="submit">\(text[.codeSubmit])</button></div>
            </form>
            """
        return Layout.response(
            Layout.page(title: text[.codeTitle], body: body, text: text, chrome: nil), status: status)
    }
}
