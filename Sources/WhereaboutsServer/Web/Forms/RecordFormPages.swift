import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// The form of every kind of record, new and edited, at `/forms/{collection}/new` and
/// `/forms/{collection}/{id}`, drawn from the kind's schema (decision 0034). A new form's query
/// string prefills it (`/forms/acts/new?eventID=…`); `_context` names the record the documenter
/// came from, whose referrers the pickers offer first; `next` is where to go once saved (the new
/// record's id is appended when it ends in `=`).
extension WebController {
    func registerRecordForms(on router: Router<AppRequestContext>) {
        let writers = router.group(context: SignedInPage<CanWrite>.self)
        writers.get(RouterPath(RecordFormPath.index)) { request, context in
            let text = context.text
            let links = RecordKind.allCases.map { kind -> HTML in
                "<li><a href=\"\(RecordFormPath.new(kind))\">\(text.format(.newRecord, text.value("kind", kind.rawValue)))</a></li>"
            }
            let body: HTML = "<h1>\(text[.recordForms])</h1><ul>\(links)</ul>"
            return context.render(text[.recordForms], body, request: request)
        }
        for kind in RecordKind.allCases {
            writers.get(RouterPath(RecordFormPath.new(kind))) { request, context in
                let prefill = Form(request.uri.query ?? "")
                let state = RecordFormState(kind: kind, form: prefill, editing: nil)
                return try await recordForm(state, request: request, context: context, status: .ok)
            }

            writers.post(RouterPath(RecordFormPath.new(kind))) { request, context in
                let form = try await Form.read(request, context: context)
                try context.requireCSRF(form)
                var state = RecordFormState(kind: kind, form: form, editing: nil)
                if form["_find"] != nil {
                    return try await recordForm(state, request: request, context: context, status: .ok)
                }
                let (body, issues) = RecordFormReading.body(kind, form)
                let compartments = Set(form.all("compartment")).intersection(context.account.compartments)
                let placed =
                    compartments.isEmpty && context.account.compartments.count == 1
                    ? Set(context.account.compartments) : compartments
                guard let body, !placed.isEmpty,
                    let writer = Writer(
                        account: context.account, compartments: placed, noting: context.caller.identityReads)
                else {
                    state.issues = issues
                    if placed.isEmpty { state.issues.append(FieldIssue(path: "/compartment", message: "is required")) }
                    return try await recordForm(
                        state, request: request, context: context, status: .unprocessableContent)
                }
                let record: StoredRecord
                do {
                    record = try await recordOperations.create(body, by: writer)
                } catch StoreError.invalid(let found) {
                    state.issues = found
                    return try await recordForm(
                        state, request: request, context: context, status: .unprocessableContent)
                }
                return Response.seeOther(to: RecordFormPath.next(form["next"], created: record))
            }

            writers.get(RouterPath(RecordFormPath.edit(kind))) { request, context in
                let id = try Self.recordID(context)
                let record = try await store.get(id, kind: kind, access: context.access)
                let state = RecordFormState(
                    kind: kind, value: try Self.json(record.body), editing: (id, record.version))
                return try await recordForm(state, request: request, context: context, status: .ok)
            }

            writers.post(RouterPath(RecordFormPath.edit(kind))) { request, context in
                let id = try Self.recordID(context)
                let form = try await Form.read(request, context: context)
                try context.requireCSRF(form)
                // The record must be one the writer may see, whatever the form says.
                _ = try await store.get(id, kind: kind, access: context.access)
                guard let expected = form["version"].flatMap(Int.init), expected > 0 else {
                    throw PageError.status(400, context.language)
                }
                var state = RecordFormState(kind: kind, form: form, editing: (id, expected))
                if form["_find"] != nil {
                    return try await recordForm(state, request: request, context: context, status: .ok)
                }
                let (body, issues) = RecordFormReading.body(kind, form)
                guard let body,
                    let writer = Writer(
                        account: context.account, compartments: [], noting: context.caller.identityReads)
                else {
                    state.issues = issues
                    return try await recordForm(
                        state, request: request, context: context, status: .unprocessableContent)
                }
                do {
                    _ = try await recordOperations.update(id, with: body, expectedVersion: expected, by: writer)
                } catch StoreError.invalid(let found) {
                    state.issues = found
                    return try await recordForm(
                        state, request: request, context: context, status: .unprocessableContent)
                } catch StoreError.conflict(_, let current) {
                    state.stale = try await StaleEdit.load(
                        id, kind: kind, read: expected, current: current, store: store, access: context.access)
                    state.editing = (id, current)
                    return try await recordForm(state, request: request, context: context, status: .conflict)
                }
                return Response.seeOther(to: RecordFormPath.next(form["next"], created: nil, edited: (kind, id)))
            }
        }
    }

    /// A record body as the JSON the forms read.
    static func json(_ body: any RecordBody) throws -> JSONValue {
        try JSONValue.parse(try JSONEncoder.canonical.encode(body))
    }

    func recordForm(
        _ state: RecordFormState, request: Request, context: SignedInPage<CanWrite>, status: HTTPResponse.Status
    ) async throws -> Response {
        let text = context.text
        let shape = RecordFormSchemas.shapes[state.kind] ?? .group([])
        let value = state.value
        let lookups = try await RecordFormLookups.load(
            state, shape: shape, value: value, store: store, access: context.access, text: text)
        let errors = RecordFormErrors.messages(state.issues, shape: shape, text: text)
        let view = RecordFormView(
            text: text, vocabulary: store.vocabularyIndex, errors: errors, titles: lookups.titles,
            candidates: lookups.candidates, queries: state.queries)
        let kindLabel = text.value("kind", state.kind.rawValue)
        let heading = state.editing == nil ? text.format(.newRecord, kindLabel) : text.format(.editRecord, kindLabel)
        let action = state.editing.map { RecordFormPath.edit(state.kind, $0.id) } ?? RecordFormPath.new(state.kind)
        var hidden: [HTML] = ["<input type=\"hidden\" name=\"csrf\" value=\"\(context.session.csrfToken)\">"]
        if let editing = state.editing {
            hidden.append("<input type=\"hidden\" name=\"version\" value=\"\(editing.version)\">")
        }
        for name in ["next", "_context"] {
            if let carried = state.carried[name] {
                hidden.append("<input type=\"hidden\" name=\"\(name)\" value=\"\(carried)\">")
            }
        }
        var compartmentField: HTML = .empty
        if state.editing == nil, context.account.compartments.count > 1 {
            let names = try await accounts.compartments().filter { context.account.compartments.contains($0.id) }
            let chosen = Set(state.compartments)
            let boxes = names.enumerated().map { index, compartment -> HTML in
                """
                <span><input type="checkbox" id="f-compartment-\(index)" name="compartment" value="\(compartment.id)"\(chosen.contains(compartment.id) ? " checked" : "" as HTML)>
                <label for="f-compartment-\(index)" class="inline">\(compartment.name)</label></span>
                """
            }
            compartmentField = """
                <fieldset id="f-compartment"><legend>\(text.fieldLabel("compartment")) *</legend>
                \(errors["compartment"].map { "<p class=\"field-error\" id=\"f-compartment-error\">\($0)</p>" as HTML } ?? .empty)\(boxes)</fieldset>
                """
        }
        let body: HTML = """
            <p class="kind">\(text[.recordForms])</p>
            <h1>\(heading)</h1>
            \(state.stale.map { $0.render(text: text, shape: shape) } ?? .empty)
            \(RecordFormErrors.summary(errors, shape: shape, text: text))
            <form method="post" action="\(action)" class="stacked" novalidate>
            \(hidden)
            \(compartmentField)
            \(view.fields(shape, value))
            <div><button type="submit">\(state.editing == nil ? text[.createRecord] : text[.saveRecord])</button></div>
            </form>
            """
        return context.render(heading, body, request: request, status: status)
    }
}

/// The paths of the record forms, and where a saved form leads.
enum RecordFormPath {
    /// Every kind's new form, listed.
    static let index = "/forms"
    static func new(_ kind: RecordKind) -> String { "/forms/\(kind.collection)/new" }
    static func edit(_ kind: RecordKind) -> String { "/forms/\(kind.collection)/:id" }
    static func edit(_ kind: RecordKind, _ id: RecordID) -> String { "/forms/\(kind.collection)/\(id)" }

    /// A new form for `kind`, prefilled with `fields`, coming from `context`, going on to `next`.
    static func new(
        _ kind: RecordKind, _ fields: [(String, String)] = [], context: RecordID? = nil, next: String? = nil
    ) -> String {
        var all = fields
        if let context { all.append(("_context", context.description)) }
        if let next { all.append(("next", next)) }
        let query = all.map { "\($0.0)=\(SiteURL.query($0.1))" }.joined(separator: "&")
        return new(kind) + (query.isEmpty ? "" : "?" + query)
    }

    /// Where to go after saving: `next` when it is a path on this site (with the new record's id
    /// appended when it ends in `=`), else the record's page.
    static func next(_ next: String?, created: StoredRecord?, edited: (RecordKind, RecordID)? = nil) -> String {
        let fallback =
            created.map { SiteURL.record($0.metadata.kind, $0.id).path }
            ?? edited.map { SiteURL.record($0.0, $0.1).path } ?? SiteURL.dashboard.path
        guard let next, isLocal(next) else { return fallback }
        if next.hasSuffix("="), let created { return next + created.id.description }
        return next
    }

    /// A path on this site: starts with one slash, and holds only URL characters with no scheme or backslash.
    static func isLocal(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && path.count < 2_000
            && path.unicodeScalars.allSatisfy {
                CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?=&%")
                    .contains($0)
            }
    }
}
