import Foundation
import Hummingbird
import WhereaboutsStore

extension WebController {
    func registerAuditPage(on router: Router<AppRequestContext>) {
        router.group(context: SignedInPage<CanManageUsers>.self).get(RouterPath(SiteURL.audit.path)) {
            request, context in
            let text = context.text
            let parameters = request.uri.queryParameters
            let actor = parameters.get("actor").flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
            let action = parameters.get("action").flatMap(AuditEvent.Action.init(rawValue:))
            let before = parameters.get("before", as: Int.self)
            let entries = try await audit.entries(actor: actor, action: action, beforeSeq: before, limit: 100)
            let alerts = before == nil ? try await audit.entries(action: .bulkReadAlert, limit: 10) : []
            let row = { (entry: AuditEntry) -> HTML in
                let details = entry.event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                return """
                    <tr><td>\(entry.seq)</td><td>\(text.timestamp(entry.at))</td><td>\(entry.event.actor)</td>
                    <td>\(text.value("audit-action", entry.event.action.rawValue))</td><td>\(entry.event.target)</td>
                    <td>\(text.value("audit-outcome", entry.event.outcome.rawValue))</td><td>\(entry.event.address)</td>
                    <td>\(details.joined(separator: " "))</td></tr>
                    """
            }
            let rows = entries.map(row)
            let header: HTML = """
                <thead><tr><th scope="col">#</th><th scope="col">\(text[.when])</th><th scope="col">\(text[.auditActor])</th>
                <th scope="col">\(text[.auditAction])</th><th scope="col">\(text[.auditTarget])</th><th scope="col">\(text[.auditOutcome])</th>
                <th scope="col">\(text[.auditAddress])</th><th scope="col">\(text[.auditDetails])</th></tr></thead>
                """
            let alertSection: HTML =
                alerts.isEmpty
                ? .empty
                : """
                <section class="alert" aria-labelledby="alerts-heading"><h2 id="alerts-heading">\(text[.auditAlerts])</h2>
                <p>\(text[.auditAlertsHint])</p>
                <table>\(header)<tbody id="audit-alerts">\(alerts.map(row))</tbody></table></section>
                """
            let options =
                [("", text[.anyAction])]
                + AuditEvent.Action.allCases.map {
                    ($0.rawValue, text.value("audit-action", $0.rawValue))
                }
            let select = options.map { value, label -> HTML in
                "<option value=\"\(value)\"\(value == (action?.rawValue ?? "") ? " selected" : "" as HTML)>\(label)</option>"
            }
            let older: HTML =
                entries.count == 100
                ? {
                    var items = URLComponents()
                    items.queryItems = [
                        URLQueryItem(name: "actor", value: actor ?? ""),
                        URLQueryItem(name: "action", value: action?.rawValue ?? ""),
                        URLQueryItem(name: "before", value: String(entries.last?.seq ?? 0)),
                    ]
                    return
                        "<p><a href=\"\(SiteURL.audit.path)?\(items.percentEncodedQuery ?? "")\" rel=\"next\">\(text[.nextPage])</a></p>"
                }() : .empty
            let body: HTML = """
                <h1>\(text[.auditTitle])</h1>
                <p class="hint">\(text[.auditVerifyHint])</p>
                \(alertSection)
                <form method="get" action="\(SiteURL.audit.path)" class="filters">
                <div><label for="actor">\(text[.auditActor])</label><input id="actor" name="actor" value="\(actor)" maxlength="200"></div>
                <div><label for="action">\(text[.auditAction])</label><select id="action" name="action">\(select)</select></div>
                <div><button type="submit">\(text[.searchButton])</button></div>
                </form>
                <table>\(header)
                <tbody id="audit-entries">\(rows)</tbody></table>
                \(older)
                """
            return context.render(text[.auditTitle], body, request: request)
        }
    }
}
