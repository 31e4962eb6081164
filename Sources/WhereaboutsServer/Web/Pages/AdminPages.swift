import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

extension WebController {
    func registerAdministration(on router: Router<AppRequestContext>) {
        let admins = router.group(context: SignedInPage<CanManageUsers>.self)

        admins.get(RouterPath(SiteURL.users.path)) { request, context in
            try await usersPage(request, context, notice: nil, status: .ok)
        }

        admins.post(RouterPath(SiteURL.users.path)) { request, context in
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            let text = context.text
            guard let username = form["username"], let role = form["role"].flatMap(Role.init(rawValue:)) else {
                return try await usersPage(
                    request, context, notice: .alert(text[.fieldRequired]), status: .unprocessableContent)
            }
            do {
                let (account, token) = try await accountOperations.createAccount(
                    username: username, displayName: form["displayName"], email: form["email"], role: role,
                    compartments: form.all("compartment"), by: try Self.administrator(context),
                    from: Self.origin(context))
                context.logger.info(
                    "account added",
                    metadata: ["by": .string(context.account.username), "user": .string(account.username)])
                let link = Self.absoluteLink(request, SiteURL.setup(token: token).path)
                return try await usersPage(
                    request, context, notice: .link(text.format(.userAdded, account.username), link), status: .created)
            } catch let error as AccountError {
                return try await usersPage(
                    request, context, notice: .alert(Self.explain(error, text)), status: .unprocessableContent)
            }
        }

        admins.post("/admin/users/:id") { request, context in
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            let text = context.text
            guard let id = context.parameters.get("id"), let account = try await accounts.account(id: id) else {
                throw PageError.status(404, context.language)
            }
            let administrator = try Self.administrator(context)
            switch form["action"] {
            case "disable", "enable":
                do {
                    try await accountOperations.setDisabled(
                        form["action"] == "disable", username: account.username, by: administrator,
                        from: Self.origin(context))
                } catch AccountOperationError.ownAccount {
                    return try await usersPage(
                        request, context, notice: .alert(text[.cannotDisableSelf]), status: .unprocessableContent)
                }
            case "reset":
                let token = try await accountOperations.resetCredentials(
                    username: account.username, by: administrator, from: Self.origin(context))
                context.logger.info(
                    "account reset",
                    metadata: ["by": .string(context.account.username), "user": .string(account.username)])
                return try await usersPage(
                    request, context,
                    notice: .link(
                        text.format(.userReset, account.username),
                        Self.absoluteLink(request, SiteURL.setup(token: token).path)),
                    status: .ok)
            default:
                guard let role = form["role"].flatMap(Role.init(rawValue:)) else {
                    throw PageError.status(400, context.language)
                }
                let permissions = Set(form.all("permission").compactMap(Permission.init(rawValue:)))
                do {
                    // Any change ends the account's sessions (a session keeps only what it proved at sign-in).
                    let changed = try await accountOperations.changeAccess(
                        of: account, role: role, permissions: permissions, compartments: form.all("compartment"),
                        by: administrator, from: Self.origin(context))
                    guard changed else { return Response.seeOther(to: SiteURL.users.path) }
                } catch AccountOperationError.ownAccount {
                    return try await usersPage(
                        request, context, notice: .alert(text[.cannotDisableSelf]), status: .unprocessableContent)
                } catch let error as AccountError {
                    return try await usersPage(
                        request, context, notice: .alert(Self.explain(error, text)), status: .unprocessableContent)
                }
            }
            context.logger.info(
                "account changed",
                metadata: ["by": .string(context.account.username), "user": .string(account.username)])
            return Response.seeOther(to: SiteURL.users.path)
        }

        admins.get(RouterPath(SiteURL.compartments.path)) { request, context in
            try await compartmentsPage(request, context, notice: nil, status: .ok)
        }

        admins.post(RouterPath(SiteURL.compartments.path)) { request, context in
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            do {
                _ = try await accountOperations.createCompartment(
                    id: form["id"] ?? "", name: form["name"] ?? "", by: try Self.administrator(context),
                    from: Self.origin(context))
            } catch let error as AccountError {
                return try await compartmentsPage(
                    request, context, notice: Self.explain(error, context.text), status: .unprocessableContent)
            }
            return Response.seeOther(to: SiteURL.compartments.path)
        }
    }

    /// The signed-in administrator (the route's context already required `manage-users`).
    private static func administrator(_ context: SignedInPage<CanManageUsers>) throws -> Administrator {
        guard let administrator = Administrator(account: context.account) else {
            throw PageError.status(403, context.language)
        }
        return administrator
    }

    enum Notice {
        case alert(String)
        /// A message and a one-time link to hand over.
        case link(String, String)
    }

    static func absoluteLink(_ request: Request, _ path: String) -> String {
        (request.head.authority.map { "http://" + $0 } ?? "") + path
    }

    static func explain(_ error: AccountError, _ text: Localizer) -> String {
        switch error {
        case .usernameTaken: text[.usernameTaken]
        case .invalidUsername: text[.usernameInvalid]
        case .noSuchCompartment, .invalidCompartment: text[.compartmentInvalid]
        case .weakPassword(let violation): text[UIText.password(violation)]
        case .noSuchAccount, .linkExpired: text[.errorNotFound]
        case .stepUpRequired: text[.tokenStepUpRefused]
        }
    }

    func usersPage(
        _ request: Request, _ context: SignedInPage<CanManageUsers>, notice: Notice?, status: HTTPResponse.Status
    ) async throws -> Response {
        let text = context.text
        let compartments = try await accounts.compartments()
        let csrf = context.session.csrfToken
        func checkboxes(_ name: String, _ options: [(String, String)], checked: Set<String>, prefix: String) -> HTML {
            HTML(
                options.map { value, label in
                    let id = "\(prefix)-\(name)-\(value)"
                    return """
                        <span><input type="checkbox" id="\(id)" name="\(name)" value="\(value)"\(checked.contains(value) ? " checked" : "" as HTML)>
                        <label for="\(id)" class="inline">\(label)</label></span>
                        """
                }, separator: " ")
        }
        let roleOptions = Role.allCases.map { ($0.rawValue, text.value("user-role", $0.rawValue)) }
        func roleSelect(_ id: String, selected: Role) -> HTML {
            let options = roleOptions.map { value, label -> HTML in
                "<option value=\"\(value)\"\(value == selected.rawValue ? " selected" : "" as HTML)>\(label)</option>"
            }
            return "<select id=\"\(id)\" name=\"role\">\(options)</select>"
        }
        let rows = try await accounts.accounts().map { account -> HTML in
            let prefix = "u-" + account.id.prefix(8)
            let state =
                account.disabled
                ? text[.stateDisabled] : account.hasPassword ? text[.stateActive] : text[.stateAwaitingSetup]
            return """
                <tr><th scope="row">\(account.username)<br><span class="hint">\(account.displayName)</span></th>
                <td>\(state) · \(account.hasSecondFactor ? text[.secondFactorOn] : text[.secondFactorOff])</td>
                <td><form method="post" action="\(SiteURL.user(account.id).path)">
                <input type="hidden" name="csrf" value="\(csrf)">
                <label for="\(prefix)-role">\(text[.role])</label> \(roleSelect(prefix + "-role", selected: account.role))
                <fieldset><legend>\(text[.permissions])</legend>
                \(checkboxes("permission", Permission.allCases.map { ($0.rawValue, text.value("permission", $0.rawValue)) }, checked: Set(account.permissions.map(\.rawValue)), prefix: prefix))</fieldset>
                <fieldset><legend>\(text[.compartments])</legend>
                \(checkboxes("compartment", compartments.map { ($0.id, $0.name) }, checked: Set(account.compartments), prefix: prefix))</fieldset>
                <button type="submit">\(text[.save])</button></form></td>
                <td><form method="post" action="\(SiteURL.user(account.id).path)">
                <input type="hidden" name="csrf" value="\(csrf)">
                <input type="hidden" name="action" value="\(account.disabled ? "enable" : "disable")">
                <button type="submit" class="secondary">\(account.disabled ? text[.enable] : text[.disable])</button></form>
                <form method="post" action="\(SiteURL.user(account.id).path)">
                <input type="hidden" name="csrf" value="\(csrf)">
                <input type="hidden" name="action" value="reset">
                <button type="submit" class="secondary">\(text[.resetCredentials])</button></form></td></tr>
                """
        }
        let noticeHTML: HTML
        switch notice {
        case .alert(let message): noticeHTML = Self.alert(message)
        case .link(let message, let link):
            noticeHTML =
                "<div class=\"notice\" role=\"status\"><p>\(message)</p><p><code id=\"setup-link\">\(link)</code></p><p>\(text[.linkOnce])</p></div>"
        case nil: noticeHTML = .empty
        }
        let body: HTML = """
            <h1>\(text[.usersTitle])</h1>
            \(noticeHTML)
            <table><thead><tr><th scope="col">\(text[.username])</th><th scope="col">\(text[.state])</th>
            <th scope="col">\(text[.access])</th><th scope="col">\(text[.actions])</th></tr></thead><tbody>\(rows)</tbody></table>
            <h2>\(text[.addUser])</h2>
            <form method="post" action="\(SiteURL.users.path)" class="stacked">
            <input type="hidden" name="csrf" value="\(csrf)">
            <div><label for="new-username">\(text[.username])</label><input id="new-username" name="username" required maxlength="64"
              aria-describedby="new-username-hint"><p class="hint" id="new-username-hint">\(text[.usernameInvalid])</p></div>
            <div><label for="new-display">\(text[.displayName])</label><input id="new-display" name="displayName" maxlength="200"></div>
            <div><label for="new-email">\(text[.email])</label><input id="new-email" name="email" type="email" maxlength="200"></div>
            <div><label for="new-role">\(text[.role])</label>\(roleSelect("new-role", selected: .documenter))</div>
            <fieldset><legend>\(text[.compartments])</legend>
            \(checkboxes("compartment", compartments.map { ($0.id, $0.name) }, checked: [], prefix: "new"))</fieldset>
            <div><button type="submit">\(text[.addUser])</button></div>
            </form>
            """
        return context.render(text[.usersTitle], body, request: request, status: status)
    }

    func compartmentsPage(
        _ request: Request, _ context: SignedInPage<CanManageUsers>, notice: String?, status: HTTPResponse.Status
    ) async throws -> Response {
        let text = context.text
        let rows = try await accounts.compartments().map {
            "<tr><td><code>\($0.id)</code></td><td>\($0.name)</td></tr>" as HTML
        }
        let body: HTML = """
            <h1>\(text[.compartmentsTitle])</h1>
            \(Self.alert(notice))
            <table><thead><tr><th scope="col">\(text[.compartmentID])</th><th scope="col">\(text[.name])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            <h2>\(text[.addCompartment])</h2>
            <form method="post" action="\(SiteURL.compartments.path)" class="stacked">
            <input type="hidden" name="csrf" value="\(context.session.csrfToken)">
            <div><label for="compartment-id">\(text[.compartmentID])</label><input id="compartment-id" name="id" required maxlength="64"
              aria-describedby="compartment-id-hint"><p class="hint" id="compartment-id-hint">\(text[.compartmentInvalid])</p></div>
            <div><label for="compartment-name">\(text[.name])</label><input id="compartment-name" name="name" required maxlength="200"></div>
            <div><button type="submit">\(text[.addCompartment])</button></div>
            </form>
            """
        return context.render(text[.compartmentsTitle], body, request: request, status: status)
    }
}
