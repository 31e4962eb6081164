import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// What the event form holds, as typed: re-shown with messages beside the fields when refused.
struct EventFormInput: Sendable {
    var title = ""
    var description = ""
    var date = ""
    var country = ""
    var locality = ""
    var compartment = ""
    var victimName = ""
    var victimLatin = ""
    var romanisation = ""
    var violationType = ""
    var fate = ""

    init() {}

    init(_ form: Form) {
        title = form["title"] ?? ""
        description = form["description"] ?? ""
        date = form["date"] ?? ""
        country = (form["country"] ?? "").uppercased()
        locality = form["locality"] ?? ""
        compartment = form["compartment"] ?? ""
        victimName = form["victimName"] ?? ""
        victimLatin = form["victimLatin"] ?? ""
        romanisation = form["romanisation"] ?? ""
        violationType = form["violationType"] ?? ""
        fate = form["fate"] ?? ""
    }

    init(_ event: Event) {
        title = event.title
        description = event.description ?? ""
        date = event.date?.text ?? ""
        country = event.places.first?.country ?? ""
        locality = event.places.first?.locality ?? ""
    }

    var hasVictim: Bool { !victimName.isEmpty || !victimLatin.isEmpty }

    /// The event the fields describe, or the messages (by field name) that say why not.
    func event(text: Localizer) -> (Event?, [String: String]) {
        var errors: [String: String] = [:]
        if title.isEmpty { errors["title"] = text[.fieldRequired] }
        if title.count > 500 { errors["title"] = text.format(.fieldTooLong, "500") }
        if description.count > 100_000 { errors["description"] = text.format(.fieldTooLong, "100000") }
        var fuzzy: FuzzyDate?
        if !date.isEmpty {
            do { fuzzy = try FuzzyDate.parse(date) } catch { errors["date"] = text[.dateUnreadable] }
        }
        if !country.isEmpty, !CountryCode.isValid(country) { errors["country"] = text[.countryInvalid] }
        if locality.count > 500 { errors["locality"] = text.format(.fieldTooLong, "500") }
        let places = Place(stated: country, locality: locality).map { [$0] } ?? []
        let event = Event(
            title: title, description: description.isEmpty ? nil : description, date: fuzzy, places: places)
        for issue in event.validate() where errors[Self.field(issue.path)] == nil {
            errors[Self.field(issue.path)] = issue.message
        }
        return (errors.isEmpty ? event : nil, errors)
    }

    /// The victim and their act, when a victim was named.
    func victim(text: Localizer) -> (Person?, [String: String]) {
        guard hasVictim else { return (nil, [:]) }
        var errors: [String: String] = [:]
        if violationType.isEmpty { errors["violationType"] = text[.fieldRequired] }
        if victimName.count > 500 { errors["victimName"] = text.format(.fieldTooLong, "500") }
        if victimLatin.count > 500 { errors["victimLatin"] = text.format(.fieldTooLong, "500") }
        var names: [NameForm] = []
        if !victimName.isEmpty { names.append(NameForm(full: victimName)) }
        if !victimLatin.isEmpty {
            names.append(
                NameForm(full: victimLatin, script: .latin, romanisation: NameForm.Romanisation(rawValue: romanisation))
            )
        }
        let status = FateEntry.Status(rawValue: fate)
        let person = Person(names: names, roles: [.victim], fate: status.map { [FateEntry(status: $0)] } ?? [])
        for issue in person.validate() { errors["victimName"] = errors["victimName"] ?? issue.message }
        return (errors.isEmpty ? person : nil, errors)
    }

    static func field(_ pointer: String) -> String {
        switch pointer.split(separator: "/").first.map(String.init) ?? "" {
        case "places": "locality"
        case "date": "date"
        case "description": "description"
        default: "title"
        }
    }
}

extension WebController {
    func registerEditing(on router: Router<AppRequestContext>) {
        let writers = router.group(context: SignedInPage<CanWrite>.self)

        writers.get(RouterPath(SiteURL.newEvent.path)) { request, context in
            try await eventForm(
                EventFormInput(), errors: [:], editing: nil, request: request, context: context, status: .ok)
        }

        writers.post(RouterPath(SiteURL.newEvent.path)) { request, context in
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            let input = EventFormInput(form)
            let text = context.text
            var (event, errors) = input.event(text: text)
            let (person, victimErrors) = input.victim(text: text)
            errors.merge(victimErrors) { first, _ in first }
            if !context.account.compartments.contains(input.compartment) {
                errors["compartment"] = text[.fieldRequired]
            }
            guard errors.isEmpty, let event,
                let writer = Writer(
                    account: context.account, compartments: [input.compartment], noting: context.caller.identityReads)
            else {
                context.logger.notice(
                    "event form refused", metadata: ["fields": .string(errors.keys.sorted().joined(separator: ","))])
                return try await eventForm(
                    input, errors: errors, editing: nil, request: request, context: context,
                    status: .unprocessableContent)
            }
            let eventID = RecordID()
            var records: SQLRecordStore.NewRecords = [(eventID, event)]
            if let person {
                let personID = RecordID()
                records.append((personID, person))
                records.append((RecordID(), Act(eventID: eventID, victimID: personID, type: input.violationType)))
            }
            do {
                try await recordOperations.create(records, by: writer)
            } catch StoreError.invalid(let issues) {
                let message = issues.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
                errors[issues.first?.path == "/type" ? "violationType" : "title"] = message
                return try await eventForm(
                    input, errors: errors, editing: nil, request: request, context: context,
                    status: .unprocessableContent)
            }
            return Response.seeOther(to: SiteURL.record(.event, eventID).path)
        }

        writers.get("/events/:id/edit") { request, context in
            let id = try Self.recordID(context)
            let record = try await store.get(id, kind: .event, access: context.access)
            guard let event = record.body(as: Event.self) else { throw PageError.status(404, context.language) }
            return try await eventForm(
                EventFormInput(event), errors: [:], editing: (id, record.version), request: request, context: context,
                status: .ok)
        }

        writers.post("/events/:id/edit") { request, context in
            let id = try Self.recordID(context)
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            let record = try await store.get(id, kind: .event, access: context.access)
            guard var current = record.body(as: Event.self), let expected = form["version"].flatMap(Int.init) else {
                throw PageError.status(400, context.language)
            }
            let input = EventFormInput(form)
            let (edited, errors) = input.event(text: context.text)
            guard let edited,
                let writer = Writer(account: context.account, compartments: [], noting: context.caller.identityReads)
            else {
                return try await eventForm(
                    input, errors: errors, editing: (id, expected), request: request, context: context,
                    status: .unprocessableContent)
            }
            current.title = edited.title
            current.description = edited.description
            current.date = edited.date
            current.places = edited.places + current.places.dropFirst()
            do {
                _ = try await recordOperations.update(id, with: current, expectedVersion: expected, by: writer)
            } catch StoreError.conflict(_, let now) {
                var errors: [String: String] = [:]
                errors["title"] = context.text.format(.editConflict, String(now))
                return try await eventForm(
                    input, errors: errors, editing: (id, expected), request: request, context: context,
                    status: .conflict)
            }
            return Response.seeOther(to: SiteURL.record(.event, id).path)
        }

        for kind in RecordKind.allCases {
            writers.post(RouterPath("/\(kind.collection)/:id/history/:version/restore")) { request, context in
                let id = try Self.recordID(context)
                let form = try await Form.read(request, context: context)
                try context.requireCSRF(form)
                guard let version = context.parameters.get("version", as: Int.self),
                    let expected = form["expected"].flatMap(Int.init),
                    let writer = Writer(
                        account: context.account, compartments: [], noting: context.caller.identityReads)
                else { throw PageError.status(400, context.language) }
                do {
                    _ = try await recordOperations.restore(
                        id, kind: kind, version: version, expectedVersion: expected, by: writer,
                        from: Self.origin(context))
                } catch StoreError.notFound {
                    throw PageError.status(404, context.language)
                }
                return Response.seeOther(to: SiteURL.record(kind, id).path)
            }
        }
    }

    func eventForm(
        _ input: EventFormInput, errors: [String: String], editing: (id: RecordID, version: Int)?, request: Request,
        context: SignedInPage<CanWrite>, status: HTTPResponse.Status
    ) async throws -> Response {
        let text = context.text
        func field(
            _ name: String, _ label: UIText, _ value: String, hint: UIText? = nil, required: Bool = false,
            maxLength: Int = 500, lang: String? = nil
        ) -> HTML {
            let error = errors[name]
            let described = [hint.map { _ in name + "-hint" }, error.map { _ in name + "-error" }].compactMap { $0 }
                .joined(separator: " ")
            return """
                <div><label for="\(name)">\(text[label])\(required ? " *" : "" as HTML)</label>
                <input id="\(name)" name="\(name)" value="\(value)" maxlength="\(maxLength)"\(required ? " required" : "" as HTML)\(error == nil ? "" : " aria-invalid=\"true\"" as HTML)\(described.isEmpty ? "" : " aria-describedby=\"\(described)\"" as HTML)\(lang.map { " lang=\"\($0)\"" as HTML } ?? .empty)>
                \(hint.map { "<p class=\"hint\" id=\"\(name)-hint\">\(text[$0])</p>" as HTML } ?? .empty)
                \(error.map { "<p class=\"field-error\" id=\"\(name)-error\">\($0)</p>" as HTML } ?? .empty)
                </div>
                """
        }
        func select(_ name: String, _ label: UIText, _ options: [(String, String)], selected: String) -> HTML {
            let items = options.map { value, title -> HTML in
                "<option value=\"\(value)\"\(value == selected ? " selected" : "" as HTML)>\(title)</option>"
            }
            let error = errors[name]
            return """
                <div><label for="\(name)">\(text[label])</label>
                <select id="\(name)" name="\(name)"\(error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(name)-error\"" as HTML)>\(items)</select>
                \(error.map { "<p class=\"field-error\" id=\"\(name)-error\">\($0)</p>" as HTML } ?? .empty)
                </div>
                """
        }
        let summary = Self.alert(errors.isEmpty ? nil : text[.formHasErrors])
        let description: HTML = """
            <div><label for="description">\(text[.description])</label>
            <textarea id="description" name="description" rows="5" maxlength="100000">\(input.description)</textarea></div>
            """
        let eventFields: HTML = """
            \(field("title", .title, input.title, required: true))
            \(description)
            \(field("date", .date, input.date, hint: .dateHint, maxLength: 100))
            \(field("country", .country, input.country, hint: .countryHint, maxLength: 2))
            \(field("locality", .locality, input.locality))
            """
        let action: String
        let extra: HTML
        let heading: String
        if let editing {
            heading = text[.editEventTitle]
            action = "/events/\(editing.id)/edit"
            extra = "<input type=\"hidden\" name=\"version\" value=\"\(editing.version)\">"
        } else {
            heading = text[.newEventTitle]
            action = SiteURL.newEvent.path
            let compartments = try await accounts.compartments().filter { context.account.compartments.contains($0.id) }
            // The report's categories and their sub-types; the full HURIDOCS list is in the API.
            let types = BuiltInVocabulary.terms.filter { $0.scheme == .violationTypes }
                .map { ($0.code, ($0.parentCode == nil ? "" : "— ") + text.label($0, code: $0.code)) }
            extra = """
                \(select("compartment", .compartment, compartments.map { ($0.id, $0.name) }, selected: input.compartment.isEmpty ? (compartments.first?.id ?? "") : input.compartment))
                <fieldset><legend>\(text[.victimOptional])</legend>
                \(field("victimName", .victimName, input.victimName, hint: .victimNameHint))
                \(field("victimLatin", .victimLatin, input.victimLatin))
                \(select("romanisation", .romanisation, [("", "—")] + NameForm.Romanisation.allCases.map { ($0.rawValue, text.value("romanisation", $0.rawValue)) }, selected: input.romanisation))
                \(select("violationType", .violationType, [("", "—")] + types, selected: input.violationType))
                \(select("fate", .fateStatus, [("", "—")] + FateEntry.Status.allCases.map { ($0.rawValue, text.value("fate", $0.rawValue)) }, selected: input.fate))
                </fieldset>
                """
        }
        let body: HTML = """
            <h1>\(heading)</h1>
            \(summary)
            <form method="post" action="\(action)" class="stacked" novalidate>
            <input type="hidden" name="csrf" value="\(context.session.csrfToken)">
            \(eventFields)
            \(extra)
            <div><button type="submit">\(text[.save])</button></div>
            </form>
            """
        return context.render(heading, body, request: request, status: status)
    }
}
