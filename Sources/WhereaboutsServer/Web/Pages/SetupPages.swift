import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsSecurity
import WhereaboutsStore

extension WebController {
    func registerSetup(on router: Router<AppRequestContext>) {
        router.get("/setup/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            guard let account = try await accounts.accountForSetupLink(token) else {
                throw PageError.status(404, context.language)
            }
            return setupPage(request, context, token: token, account: account, message: nil, status: .ok)
        }

        router.post("/setup/:token") { request, context in
            let token = context.parameters.get("token") ?? ""
            let form = try await Form.read(request, context: context)
            try requirePreSessionCSRF(form, request, context)
            guard let account = try await accounts.accountForSetupLink(token) else {
                throw PageError.status(404, context.language)
            }
            let text = Localizer(context.language)
            let password = form.raw("password") ?? ""
            guard password == form.raw("confirm") else {
                return setupPage(
                    request, context, token: token, account: account, message: text[.passwordMismatch],
                    status: .unprocessableContent)
            }
            do {
                let ready = try await accounts.completeSetup(token: token, password: password)
                context.logger.info("account set up", metadata: ["user": .string(ready.username)])
                try await note(.accountSetUp, actor: ready.username, address: Self.address(context))
                let needsCode = ready.requiresSecondFactor
                // The session records only what was proved: no code was given yet.
                let session = try await accounts.createSession(
                    account: ready, secondFactorDone: false, address: Self.address(context))
                var response = Response.seeOther(to: needsCode ? SiteURL.secondFactor.path : SiteURL.dashboard.path)
                response.setCookie(sessionCookie(session))
                response.setCookie(expiredCookie(Self.preSessionCookie))
                return response
            } catch AccountError.weakPassword(let violation) {
                let message = text[UIText.password(violation)]
                return setupPage(
                    request, context, token: token, account: account, message: message, status: .unprocessableContent)
            }
        }

        // Setting up the second factor: open to a session that has passed its password, or to a
        // signed-in account that has none yet.
        router.get(RouterPath(SiteURL.secondFactor.path)) { request, context in
            guard let (session, _) = enrollingSession(context) else {
                return Response.seeOther(to: SiteURL.signIn.path)
            }
            let secret = try await accounts.beginSecondFactor(userID: session.account.id)
            return enrolPage(request, context, session: session, secret: secret, message: nil, status: .ok)
        }

        router.post(RouterPath(SiteURL.secondFactor.path)) { request, context in
            guard let (session, token) = enrollingSession(context) else {
                return Response.seeOther(to: SiteURL.signIn.path)
            }
            let form = try await Form.read(request, context: context)
            try requireCSRF(form, session, context)
            let text = Localizer(context.language)
            guard
                let codes = try await accounts.confirmSecondFactor(
                    userID: session.account.id, code: form["code"] ?? ""),
                let upgraded = try await accounts.completeSecondFactor(token: token, address: Self.address(context)),
                let fresh = try await accounts.session(token: upgraded)
            else {
                let secret = try await accounts.totpSecret(userID: session.account.id, confirmed: false) ?? ""
                return enrolPage(
                    request, context, session: session, secret: secret, message: text[.codeRefused],
                    status: .unprocessableContent)
            }
            context.logger.info("second factor set up", metadata: ["user": .string(session.account.username)])
            try await note(.secondFactorSetUp, actor: session.account.username, address: Self.address(context))
            let list = codes.map { code -> HTML in "<li>\(code)</li>" }
            let body: HTML = """
                <h1>\(text[.recoveryTitle])</h1>
                <p class="notice">\(text[.recoveryExplain])</p>
                <ul class="codes" id="recovery-codes">\(list)</ul>
                <p><a href="\(SiteURL.dashboard.path)">\(text[.continueLink])</a></p>
                """
            var response = Layout.response(
                Layout.page(
                    title: text[.recoveryTitle], body: body, text: text,
                    chrome: Chrome(account: fresh.account, csrf: fresh.csrfToken, path: SiteURL.dashboard.path)))
            response.setCookie(sessionCookie(upgraded))
            return response
        }
    }

    /// The session that may set up a second factor now: one without a confirmed second factor.
    func enrollingSession(_ context: AppRequestContext) -> (Session, String)? {
        if let pending = context.pendingSession, !pending.session.account.hasSecondFactor {
            return (pending.session, pending.token)
        }
        if let caller = context.caller, case .session(let session, let token) = caller.credential,
            !caller.account.hasSecondFactor
        {
            return (session, token)
        }
        return nil
    }

    func setupPage(
        _ request: Request, _ context: AppRequestContext, token: String, account: Account, message: String?,
        status: HTTPResponse.Status
    ) -> Response {
        let text = Localizer(context.language)
        return anonymousPage(request, context, title: .setupTitle, status: status) { csrf in
            """
            <h1>\(text[.setupTitle])</h1>
            <p>\(text.format(.setupIntro, account.username))</p>
            \(Self.alert(message))
            <form method="post" action="\(SiteURL.setup(token: token).path)" class="stacked">
            <input type="hidden" name="csrf" value="\(csrf)">
            <div><label for="password">\(text[.newPassword])</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" maxlength="1024" aria-describedby="password-hint">
            <p class="hint" id="password-hint">\(text[.passwordRules])</p></div>
            <div><label for="confirm">\(text[.confirmPassword])</label>
            <input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="1024"></div>
            <div><button type="submit">\(text[.setPassword])</button></div>
            </form>
            """
        }
    }

    func enrolPage(
        _ request: Request, _ context: AppRequestContext, session: Session, secret: String, message: String?,
        status: HTTPResponse.Status
    ) -> Response {
        let text = Localizer(context.language)
        let factor = TwoFactor(secret: secret)
        let key = Base32.encode(Array(secret.utf8))
        let body: HTML = """
            <h1>\(text[.enrolTitle])</h1>
            <p>\(text[.enrolIntro])</p>
            <p>\(text[.enrolKey]) <code class="secret" id="totp-key">\(key)</code></p>
            <p class="hint">\(text[.enrolURL]) <code id="totp-url">\(factor.authenticatorURL(account: session.account.username))</code></p>
            \(Self.alert(message))
            <form method="post" action="\(SiteURL.secondFactor.path)" class="stacked">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <div><label for="code">\(text[.codeLabel])</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="20"></div>
            <div><button type="submit">\(text[.enrolConfirm])</button></div>
            </form>
            """
        return Layout.response(
            Layout.page(title: text[.enrolTitle], body: body, text: text, chrome: nil), status: status)
    }
}

/// RFC 4648 base32 without padding: how authenticator apps take a key by hand.
enum Base32 {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }
}
