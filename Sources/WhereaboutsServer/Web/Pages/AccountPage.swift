import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

extension WebController {
    func registerAccount(on router: Router<AppRequestContext>) {
        let signedIn = router.group(context: SignedInPage<SignedIn>.self)

        signedIn.get(RouterPath(SiteURL.account.path)) { request, context in
            try await accountPage(request, context, status: .ok)
        }

        signedIn.post(RouterPath(SiteURL.tokens.path)) { request, context in
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            if let id = form["revoke"] {
                try await accountOperations.revokeToken(id: id, of: context.account, from: Self.origin(context))
                context.logger.info("API token revoked", metadata: ["user": .string(context.account.username)])
                return Response.seeOther(to: SiteURL.account.path)
            }
            let days = min(max(form["days"].flatMap(Int.init) ?? 30, 1), 366)
            let permissions = Set(form.all("permission").compactMap(Permission.init(rawValue:)))
            guard let name = form["name"], name.count <= 200, !permissions.isEmpty else {
                return try await accountPage(request, context, status: .unprocessableContent)
            }
            // A session alone (a stolen cookie) must not mint a long-lived token: password and a fresh code.
            switch try await accountOperations.mintToken(
                for: context.account, name: name, permissions: permissions, days: days,
                password: form.raw("password") ?? "", code: form["code"] ?? "", from: Self.origin(context))
            {
            case .minted(let token):
                context.logger.info("API token made", metadata: ["user": .string(context.account.username)])
                return try await accountPage(request, context, newToken: token, status: .created)
            case .refused:
                context.logger.notice(
                    "token refused: step-up failed", metadata: ["user": .string(context.account.username)])
                return try await accountPage(
                    request, context, alert: context.text[.tokenStepUpRefused], status: .unauthorized)
            case .throttled(let seconds):
                return try await accountPage(
                    request, context, alert: context.text.format(.signInThrottled, String(seconds)),
                    status: .tooManyRequests)
            case .secondFactorRequired:
                return try await accountPage(
                    request, context, alert: context.text[.tokenNeedsSecondFactor], status: .forbidden)
            }
        }
    }

    func accountPage(
        _ request: Request, _ context: SignedInPage<SignedIn>, newToken: String? = nil, alert: String? = nil,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let text = context.text
        let account = context.account
        let csrf = context.session.csrfToken
        let tokens = try await accounts.tokens(userID: account.id).map { token -> HTML in
            let state =
                token.revoked
                ? text[.tokenRevoked] : text.format(.tokenExpires, text.timestamp(token.expiresAt))
            let revoke: HTML =
                token.revoked
                ? .empty
                : """
                <form method="post" action="\(SiteURL.tokens.path)"><input type="hidden" name="csrf" value="\(csrf)">
                <input type="hidden" name="revoke" value="\(token.id)">
                <button type="submit" class="secondary">\(text[.tokenRevoke])</button></form>
                """
            let permissions = token.permissions.sorted().map { text.value("permission", $0.rawValue) }
            return """
                <tr><td>\(token.name)</td><td>\(permissions.joined(separator: ", "))</td>
                <td>\(state)</td><td>\(token.lastUsedAt.map(text.timestamp) ?? "—")</td><td>\(revoke)</td></tr>
                """
        }
        let shown: HTML =
            newToken.map {
                """
                <div class="notice" role="status"><p>\(text[.tokenShownOnce])</p><p><code id="new-token">\($0)</code></p></div>
                """
            } ?? .empty
        let choices = account.permissions.sorted().map { permission -> HTML in
            let id = "token-permission-" + permission.rawValue
            return """
                <span><input type="checkbox" id="\(id)" name="permission" value="\(permission.rawValue)" checked>
                <label for="\(id)" class="inline">\(text.value("permission", permission.rawValue))</label></span>
                """
        }
        // Minting needs the password and a fresh code again (step-up); without a second factor, set one up first.
        let newTokenForm: HTML =
            account.hasSecondFactor
            ? """
            <form method="post" action="\(SiteURL.tokens.path)" class="stacked">
            <input type="hidden" name="csrf" value="\(csrf)">
            <div><label for="token-name">\(text[.name])</label><input id="token-name" name="name" required maxlength="200"></div>
            <div><label for="token-days">\(text[.tokenDays])</label><input id="token-days" name="days" type="number" min="1" max="366" value="30"></div>
            <fieldset><legend>\(text[.permissions])</legend>\(choices)</fieldset>
            <p class="hint" id="token-step-up-hint">\(text[.tokenStepUp])</p>
            <div><label for="token-password">\(text[.password])</label><input id="token-password" name="password" type="password" autocomplete="current-password" required maxlength="1024" aria-describedby="token-step-up-hint"></div>
            <div><label for="token-code">\(text[.codeLabel])</label><input id="token-code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="20" aria-describedby="token-step-up-hint"></div>
            <div><button type="submit">\(text[.tokenCreate])</button></div>
            </form>
            """
            : """
            <p class="notice">\(text[.tokenNeedsSecondFactor]) <a href="\(SiteURL.secondFactor.path)">\(text[.enrolTitle])</a></p>
            """
        let body: HTML = """
            <h1>\(text[.accountTitle])</h1>
            <dl class="fields">
            <dt>\(text[.username])</dt><dd>\(account.username)</dd>
            <dt>\(text[.role])</dt><dd>\(text.value("user-role", account.role.rawValue))</dd>
            <dt>\(text[.permissions])</dt><dd>\(account.permissions.sorted().map { text.value("permission", $0.rawValue) }.joined(separator: ", "))</dd>
            <dt>\(text[.compartments])</dt><dd>\(account.compartments.joined(separator: ", "))</dd>
            <dt>\(text[.state])</dt><dd>\(account.hasSecondFactor ? text[.secondFactorOn] : text[.secondFactorOff])</dd>
            </dl>
            <form method="post" action="\(SiteURL.signOutEverywhere.path)">
            <input type="hidden" name="csrf" value="\(csrf)">
            <p class="hint" id="sign-out-everywhere-hint">\(text[.signOutEverywhereHint])</p>
            <button type="submit" class="secondary" aria-describedby="sign-out-everywhere-hint">\(text[.signOutEverywhere])</button></form>
            <h2 id="tokens">\(text[.tokensTitle])</h2>
            <p>\(text[.tokensIntro])</p>
            \(shown)
            <table aria-labelledby="tokens"><thead><tr><th scope="col">\(text[.name])</th><th scope="col">\(text[.permissions])</th>
            <th scope="col">\(text[.state])</th><th scope="col">\(text[.tokenLastUsed])</th><th scope="col">\(text[.actions])</th></tr></thead>
            <tbody>\(tokens)</tbody></table>
            <h3>\(text[.tokenNew])</h3>
            \(Self.alert(alert))
            \(newTokenForm)
            """
        return context.render(text[.accountTitle], body, request: request, status: status)
    }
}
