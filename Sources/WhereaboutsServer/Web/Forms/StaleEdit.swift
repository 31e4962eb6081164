import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// An edit that arrived after someone else saved the record: what changed between the version the
/// form was read at and the current one, field by field, with the current values. Nothing is
/// written; the form keeps the documenter's entries and now carries the current version, so that
/// saving again is a decision taken with the changes in view.
struct StaleEdit: Sendable {
    let current: Int
    /// Changed fields (form names) with their current values as text.
    let changes: [(field: String, now: String)]

    static func load(
        _ id: RecordID, kind: RecordKind, read: Int, current: Int, store: SQLRecordStore, access: RecordAccess
    ) async throws -> StaleEdit {
        let now = try await store.get(id, kind: kind, access: access)
        let before = (try? await store.version(id, read, access: access)).map { try? WebController.json($0.1) } ?? nil
        let after = try WebController.json(now.body)
        var old: [String: String] = [:]
        var new: [String: String] = [:]
        flatten(before, into: &old)
        flatten(after, into: &new)
        let fields = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
        return StaleEdit(current: now.version, changes: fields.map { ($0, new[$0] ?? "—") })
    }

    /// Leaves of a JSON value by form name; a stated date by its text.
    static func flatten(_ value: JSONValue?, name: String = "", into result: inout [String: String]) {
        switch value {
        case .object(let object)?:
            if case .string(let text)? = object["text"], object["from"] != nil {
                result[name] = text
                return
            }
            for (key, member) in object { flatten(member, name: RecordFormReading.child(name, key), into: &result) }
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                flatten(item, name: RecordFormReading.child(name, String(index)), into: &result)
            }
        case .string(let text)?: result[name] = text
        case .number(let number)?: result[name] = String(number)
        case .bool(let flag)?: result[name] = String(flag)
        default: break
        }
    }

    func render(text: Localizer, shape: FormShape) -> HTML {
        let items = changes.map { change -> HTML in
            "<li>\(text.formLabel(change.field)) — \(text.format(.staleField, String(change.now.prefix(300))))</li>"
        }
        return """
            <div class="error-summary" role="alert" aria-labelledby="stale-title">
            <h2 id="stale-title">\(text[.staleTitle])</h2>
            <p>\(text.format(.staleBody, String(current)))</p>
            <ul>\(items)</ul></div>
            """
    }
}
