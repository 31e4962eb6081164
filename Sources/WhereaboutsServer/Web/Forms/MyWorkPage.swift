import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsStore

/// "My work": the records a documenter changed lately, newest first, each with its form to go on
/// with it — as far as the documenter may still see them.
extension WebController {
    func registerMyWork(on router: Router<AppRequestContext>) {
        router.group(context: SignedInPage<CanWrite>.self).get(RouterPath(MyWorkPath.page)) { request, context in
            let text = context.text
            let changes = try await store.recentChanges(
                access: context.access, by: context.account.username, limit: 50)
            let vocabulary = store.vocabularyIndex
            let rows = changes.map { change -> HTML in
                let title = RecordFormLookups.label(
                    change.title, kind: change.kind, vocabulary: vocabulary, text: text, withKind: false)
                return """
                    <tr><td>\(text.value("kind", change.kind.rawValue))</td>
                    <td><a href="\(SiteURL.record(change.kind, change.id).path)">\(title)</a></td>
                    <td>\(text.value("action", change.action.rawValue)) · \(change.version)</td>
                    <td>\(text.timestamp(change.changedAt))</td>
                    <td><a href="\(RecordFormPath.edit(change.kind, change.id))">\(text[.editAllFields])<span class="visually-hidden"> — \(title)</span></a></td></tr>
                    """
            }
            let table: HTML =
                rows.isEmpty
                ? "<p>\(text[.myWorkNothing])</p>"
                : """
                <table id="my-recent"><thead><tr><th scope="col">\(text[.columnKind])</th><th scope="col">\(text[.columnTitle])</th>
                <th scope="col">\(text[.columnVersion])</th><th scope="col">\(text[.columnUpdated])</th><th scope="col"><span class="visually-hidden">\(text[.editAllFields])</span></th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """
            let body: HTML = """
                <h1>\(text[.myWorkTitle])</h1>
                <p><a href="\(RecordFormPath.index)">\(text[.recordForms])</a></p>
                <section aria-labelledby="my-recent-title"><h2 id="my-recent-title">\(text[.myWorkRecent])</h2>\(table)</section>
                """
            return context.render(text[.myWorkTitle], body, request: request)
        }
    }
}

/// The path of "my work".
enum MyWorkPath {
    static let page = "/my-work"
}
