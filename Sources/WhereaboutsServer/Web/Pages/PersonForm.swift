import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// Editing a person: their details, a name form to add (or ones to remove) and a new fate entry.
struct PersonEdit: Sendable {
    /// The person with the form's changes, or the messages (by field) that say why not.
    static func apply(_ form: Form, to current: Person, text: Localizer) -> (Person?, [String: String]) {
        var person = current
        var errors: [String: String] = [:]
        person.sex = form["sex"].flatMap(Person.Sex.init(rawValue:))
        if let stated = form["birthDate"] {
            do { person.birthDate = try FuzzyDate.parse(stated) } catch { errors["birthDate"] = text[.dateUnreadable] }
        } else {
            person.birthDate = nil
        }
        person.origin = Place(stated: form["originCountry"], locality: form["origin"])
        if let country = person.origin?.country, !CountryCode.isValid(country) {
            errors["origin"] = text[.countryInvalid]
        }
        let nationalities = (form["nationalities"] ?? "").uppercased().split { $0 == "," || $0 == " " }.map(String.init)
        if let bad = nationalities.first(where: { !CountryCode.isValid($0) }) {
            errors["nationalities"] = text[.countryInvalid] + " (\(bad))"
        }
        person.nationalities = nationalities
        person.roles = form.all("role").compactMap(Person.Role.init(rawValue:))
        person.notes = form["notes"]
        let removed = Set(form.all("removeName").compactMap(Int.init))
        person.names = current.names.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        if let full = form["newName"] {
            person.names.append(
                NameForm(
                    full: full, language: form["newNameLanguage"],
                    romanisation: form["newNameRomanisation"].flatMap(NameForm.Romanisation.init(rawValue:))))
        }
        if let status = form["fateStatus"].flatMap(FateEntry.Status.init(rawValue:)) {
            var date: FuzzyDate?
            if let stated = form["fateDate"] {
                do { date = try FuzzyDate.parse(stated) } catch { errors["fateDate"] = text[.dateUnreadable] }
            }
            let place = form["fatePlace"].map { Place(locality: $0) }
            person.fate.append(FateEntry(status: status, date: date, place: place))
        }
        for issue in person.validate() {
            let field =
                issue.path.hasPrefix("/names")
                ? "newName"
                : issue.path.hasPrefix("/notes") ? "notes" : issue.path.hasPrefix("/origin") ? "origin" : "fateStatus"
            errors[field] = errors[field] ?? issue.message
        }
        return (errors.isEmpty ? person : nil, errors)
    }
}

extension WebController {
    func registerPersonEditing(on router: Router<AppRequestContext>) {
        let writers = router.group(context: SignedInPage<CanWrite>.self)

        writers.get("/persons/:id/edit") { request, context in
            let id = try Self.recordID(context)
            let record = try await store.get(id, kind: .person, access: context.access)
            guard let person = record.body(as: Person.self) else { throw PageError.status(404, context.language) }
            return personForm(
                person, id: id, version: record.version, errors: [:], request: request, context: context, status: .ok)
        }

        writers.post("/persons/:id/edit") { request, context in
            let id = try Self.recordID(context)
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            let record = try await store.get(id, kind: .person, access: context.access)
            guard let current = record.body(as: Person.self), let expected = form["version"].flatMap(Int.init),
                let writer = Writer(account: context.account, compartments: [], noting: context.caller.identityReads)
            else { throw PageError.status(400, context.language) }
            let (edited, errors) = PersonEdit.apply(form, to: current, text: context.text)
            guard let edited else {
                return personForm(
                    current, id: id, version: expected, errors: errors, request: request, context: context,
                    status: .unprocessableContent)
            }
            do {
                _ = try await recordOperations.update(id, with: edited, expectedVersion: expected, by: writer)
            } catch StoreError.conflict(_, let now) {
                return personForm(
                    current, id: id, version: expected,
                    errors: ["newName": context.text.format(.editConflict, String(now))],
                    request: request, context: context, status: .conflict)
            }
            return Response.seeOther(to: SiteURL.record(.person, id).path)
        }
    }

    func personForm(
        _ person: Person, id: RecordID, version: Int, errors: [String: String], request: Request,
        context: SignedInPage<CanWrite>, status: HTTPResponse.Status
    ) -> Response {
        let text = context.text
        func error(_ name: String) -> HTML {
            errors[name].map { "<p class=\"field-error\" id=\"\(name)-error\">\($0)</p>" as HTML } ?? .empty
        }
        func invalid(_ name: String) -> HTML {
            errors[name] == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"\(name)-error\""
        }
        func options(_ values: [(String, String)], selected: String?) -> HTML {
            HTML(
                [("", "—")].map { "<option value=\"\($0.0)\">\($0.1)</option>" as HTML }
                    + values.map { value, label in
                        "<option value=\"\(value)\"\(value == selected ? " selected" : "" as HTML)>\(label)</option>"
                    })
        }
        let names = person.names.enumerated().map { index, name -> HTML in
            """
            <tr><td lang="\(name.language ?? "")">\(name.full)</td>
            <td>\(name.script.map { text.value("script", $0.rawValue) })</td>
            <td><input type="checkbox" id="remove-\(index)" name="removeName" value="\(index)">
            <label for="remove-\(index)" class="inline">\(text[.removeName])</label></td></tr>
            """
        }
        let roles = Person.Role.allCases.map { role -> HTML in
            """
            <span><input type="checkbox" id="role-\(role.rawValue)" name="role" value="\(role.rawValue)"\(person.roles.contains(role) ? " checked" : "" as HTML)>
            <label for="role-\(role.rawValue)" class="inline">\(text.value("role", role.rawValue))</label></span>
            """
        }
        let summary = Self.alert(errors.isEmpty ? nil : text[.formHasErrors])
        let body: HTML = """
            <h1>\(text[.editPersonTitle])</h1>
            \(summary)
            <form method="post" action="/persons/\(id.description)/edit" class="stacked" novalidate>
            <input type="hidden" name="csrf" value="\(context.session.csrfToken)">
            <input type="hidden" name="version" value="\(version)">
            <fieldset><legend>\(text[.names])</legend>
            <table><tbody>\(names)</tbody></table>
            <div><label for="newName">\(text[.addName])</label>
            <input id="newName" name="newName" maxlength="500"\(invalid("newName")) aria-describedby="newName-hint">
            <p class="hint" id="newName-hint">\(text[.victimNameHint])</p>\(error("newName"))</div>
            <div><label for="newNameLanguage">\(text[.languageCode])</label>
            <input id="newNameLanguage" name="newNameLanguage" maxlength="35" placeholder="ko, ja, en, zh"></div>
            <div><label for="newNameRomanisation">\(text[.romanisation])</label>
            <select id="newNameRomanisation" name="newNameRomanisation">\(options(NameForm.Romanisation.allCases.map { ($0.rawValue, text.value("romanisation", $0.rawValue)) }, selected: nil))</select></div>
            </fieldset>
            <div><label for="sex">\(text[.sex])</label>
            <select id="sex" name="sex">\(options(Person.Sex.allCases.map { ($0.rawValue, text.value("sex", $0.rawValue)) }, selected: person.sex?.rawValue))</select></div>
            <div><label for="birthDate">\(text[.birthDate])</label>
            <input id="birthDate" name="birthDate" maxlength="100" value="\(person.birthDate?.text)"\(invalid("birthDate"))>
            <p class="hint">\(text[.dateHint])</p>\(error("birthDate"))</div>
            <fieldset><legend>\(text[.origin])</legend>
            <p class="hint" id="origin-hint">\(text[.originHint])</p>
            <div><label for="originCountry">\(text[.country])</label>
            <input id="originCountry" name="originCountry" maxlength="2" value="\(person.origin?.country)" aria-describedby="originCountry-hint"\(invalid("origin"))>
            <p class="hint" id="originCountry-hint">\(text[.countryHint])</p></div>
            <div><label for="origin">\(text[.locality])</label>
            <input id="origin" name="origin" maxlength="500" value="\(person.origin?.locality)" aria-describedby="origin-hint"\(invalid("origin"))>\(error("origin"))</div>
            </fieldset>
            <div><label for="nationalities">\(text[.nationalities])</label>
            <input id="nationalities" name="nationalities" maxlength="200" value="\(person.nationalities.joined(separator: ", "))"\(invalid("nationalities"))>
            <p class="hint">\(text[.countryHint])</p>\(error("nationalities"))</div>
            <fieldset><legend>\(text[.roles])</legend>\(roles)</fieldset>
            <div><label for="notes">\(text[.note])</label>
            <textarea id="notes" name="notes" rows="4" maxlength="100000">\(person.notes)</textarea>\(error("notes"))</div>
            <fieldset><legend>\(text[.addFate])</legend>
            <div><label for="fateStatus">\(text[.fateStatus])</label>
            <select id="fateStatus" name="fateStatus">\(options(FateEntry.Status.allCases.map { ($0.rawValue, text.value("fate", $0.rawValue)) }, selected: nil))</select>\(error("fateStatus"))</div>
            <div><label for="fateDate">\(text[.date])</label>
            <input id="fateDate" name="fateDate" maxlength="100"\(invalid("fateDate"))>\(error("fateDate"))</div>
            <div><label for="fatePlace">\(text[.locality])</label><input id="fatePlace" name="fatePlace" maxlength="500"></div>
            </fieldset>
            <div><button type="submit">\(text[.save])</button></div>
            </form>
            """
        return context.render(text[.editPersonTitle], body, request: request, status: status)
    }
}
