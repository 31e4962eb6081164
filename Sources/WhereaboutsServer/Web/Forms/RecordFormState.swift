import WhereaboutsCore

/// A record form as the documenter left it: the values typed (or read from the record), what was
/// wrong with them, the pickers' searches, and what the form carries from page to page.
struct RecordFormState: Sendable {
    let kind: RecordKind
    /// The body as far as the fields describe it.
    var value: JSONValue?
    /// The record edited and the version the form was read at; `nil` for a new record.
    var editing: (id: RecordID, version: Int)?
    var issues: [FieldIssue] = []
    /// What changed under an edit that arrived after someone else's.
    var stale: StaleEdit?
    /// Each picker's search text, by field name.
    var queries: [String: String] = [:]
    /// The picker whose Find button was pressed.
    var find: String?
    /// `next` and `_context`, carried through every round of the form.
    var carried: [String: String] = [:]
    var compartments: [String] = []

    init(kind: RecordKind, form: Form, editing: (id: RecordID, version: Int)?) {
        self.kind = kind
        self.editing = editing
        value = RecordFormReading.value(RecordFormSchemas.shapes[kind] ?? .group([]), form)
        for (key, _) in form.fields where key.hasPrefix("_q.") {
            queries[String(key.dropFirst(3))] = form[key] ?? ""
        }
        find = form["_find"]
        for name in ["next", "_context"] { carried[name] = form[name] }
        if let next = carried["next"], !RecordFormPath.isLocal(next) { carried["next"] = nil }
        if let context = carried["_context"], RecordID(context) == nil { carried["_context"] = nil }
        compartments = form.all("compartment")
    }

    init(kind: RecordKind, value: JSONValue, editing: (id: RecordID, version: Int)) {
        self.kind = kind
        self.value = value
        self.editing = editing
    }

    /// The record the documenter came from, whose referrers the pickers offer.
    var context: RecordID? { carried["_context"].flatMap(RecordID.init) }
}

extension FormShape {
    /// The shape of the field named `name` (`names.0.full`) within this one.
    func at(_ name: String) -> FormShape? {
        var shape: FormShape? = self
        for part in name.split(separator: ".") {
            switch shape {
            case .group(let members)?: shape = members.first { $0.name == part }?.shape
            case .list(let item)? where Int(part) != nil: shape = item
            default: return nil
            }
        }
        return shape
    }

    /// Every reference id in `value` under this shape.
    func references(in value: JSONValue?) -> [RecordID] {
        switch (self, value) {
        case (.reference, .string(let text)?): return RecordID(text).map { [$0] } ?? []
        case (.group(let members), .object(let object)?):
            return members.flatMap { $0.shape.references(in: object[$0.name]) }
        case (.list(let item), .array(let items)?): return items.flatMap { item.references(in: $0) }
        default: return []
        }
    }
}

extension Localizer {
    /// A form field's label: its name's last part (`names.0.full` → "Full name"), a list item numbered.
    func formLabel(_ name: String) -> String {
        let parts = name.split(separator: ".").map(String.init)
        guard let last = parts.last else { return name }
        if let number = Int(last), parts.count > 1 { return "\(fieldLabel(parts[parts.count - 2])) \(number + 1)" }
        return fieldLabel(last)
    }
}
