import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsStore

/// A record's history: every version, what changed in each, and the values before and after.
struct HistoryModel: Sendable {
    struct Entry: Sendable {
        let version: RecordVersion
        /// Changed fields with their value before and after this version (as readable text).
        let changes: [(field: String, before: String, after: String)]
    }

    let id: RecordID
    let kind: RecordKind
    let current: Int
    let deleted: Bool
    let entries: [Entry]

    /// The newest 50 versions.
    static func load(_ id: RecordID, kind: RecordKind, store: SQLRecordStore, access: RecordAccess) async throws
        -> HistoryModel
    {
        let versions = Array(try await store.history(id, access: access).prefix(50))
        var fields: [Int: [String: JSONValue]] = [:]
        for version in versions where version.action != .delete {
            let (_, body) = try await store.version(id, version.version, access: access)
            if case .object(let object) = try JSONValue.parse(try JSONEncoder.canonical.encode(EncodedBody(body))) {
                fields[version.version] = object
            }
        }
        let entries = versions.map { version -> Entry in
            let after = fields[version.version] ?? [:]
            let before = fields[version.version - 1] ?? [:]
            let changes = version.changedFields.map { pointer -> (String, String, String) in
                let key = String(pointer.dropFirst())
                return (key, before[key].map(RecordPageView.plain) ?? "—", after[key].map(RecordPageView.plain) ?? "—")
            }
            return Entry(version: version, changes: changes)
        }
        return HistoryModel(
            id: id, kind: kind, current: versions.first?.version ?? 0,
            deleted: versions.first?.action == .delete, entries: entries)
    }
}

enum HistoryView {
    static func render(_ model: HistoryModel, text: Localizer, csrf: String, canRestore: Bool) -> HTML {
        let rows = model.entries.map { entry -> HTML in
            let version = entry.version
            let changes = entry.changes.map { change -> HTML in
                "<tr><th scope=\"row\">\(change.field)</th><td><del>\(change.before)</del></td><td><ins>\(change.after)</ins></td></tr>"
            }
            let restore: HTML =
                canRestore && version.version != model.current && version.action != .delete
                ? """
                <form method="post" action="\(SiteURL.restore(model.kind, model.id, version: version.version).path)">
                <input type="hidden" name="csrf" value="\(csrf)">
                <input type="hidden" name="expected" value="\(model.current)">
                <button type="submit" class="secondary">\(text.format(.restoreVersion, String(version.version)))</button>
                </form>
                """ : .empty
            return """
                <section aria-labelledby="v\(version.version)">
                <h2 id="v\(version.version)">\(text.format(.versionHeading, String(version.version))) ·
                \(text.value("action", version.action.rawValue))</h2>
                <p>\(text.timestamp(version.changedAt)) · \(version.changedBy)</p>
                \(changes.isEmpty ? HTML.empty : """
                <table><thead><tr><th scope="col">\(text[.field])</th><th scope="col">\(text[.before])</th>
                <th scope="col">\(text[.after])</th></tr></thead><tbody>\(changes)</tbody></table>
                """)
                \(restore)
                </section>
                """
        }
        return """
            <h1>\(text[.historyTitle])</h1>
            <p><a href="\(SiteURL.record(model.kind, model.id).path)">\(text[.backToRecord])</a></p>
            \(rows)
            """
    }
}
