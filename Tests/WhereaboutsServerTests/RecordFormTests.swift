import Foundation
import HTTPTypes
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsStore

@testable import WhereaboutsServer

/// The record forms drawn from the kinds' schemas (decision 0034).
@Suite("web interface: record forms")
struct RecordFormTests {
    /// The id in a redirect to a record's page or a form's query.
    static func id(after marker: String, in location: String?) -> String? {
        guard let location, let range = location.range(of: marker) else { return nil }
        return String(location[range.upperBound...].prefix(36))
    }

    @Test("every kind's form states each reference and vocabulary its declarations name, and nothing else")
    func shapesFollowDeclarations() throws {
        for kind in RecordKind.allCases {
            let shape = try #require(RecordFormSchemas.shapes[kind])
            var references: [String: Set<RecordKind>] = [:]
            var schemes: [String: VocabularyScheme] = [:]
            let json = Self.filled(shape, name: "", references: &references, schemes: &schemes)
            let body = try kind.bodyType.decoded(from: try json.data())
            let declared = Dictionary(
                uniqueKeysWithValues: body.references.map { (RecordFormReading.field($0.path), $0.kinds) })
            #expect(declared == references, "\(kind): references")
            let used = Dictionary(
                uniqueKeysWithValues: body.vocabularyUses.map { (RecordFormReading.field($0.path), $0.scheme) })
            #expect(used == schemes, "\(kind): vocabularies")
            // What the form reads back from its own fields is the body it was drawn from.
            let fields = Self.fields(json, shape, name: "")
            let read = RecordFormReading.value(
                shape,
                Form(fields.map { "\(WebBrowser.encode($0.0))=\(WebBrowser.encode($0.1))" }.joined(separator: "&")))
            #expect(read == json, "\(kind): round trip")
        }
    }

    /// A body with every field filled, noting where references and codes are.
    static func filled(
        _ shape: FormShape, name: String, references: inout [String: Set<RecordKind>],
        schemes: inout [String: VocabularyScheme]
    ) -> JSONValue {
        switch shape {
        case .text: return "text"
        case .number: return 1
        case .boolean: return true
        case .date: return "1977"
        case .day: return "2024-06-01"
        case .country: return "KP"
        case .choice(let values, _): return .string(values[0])
        case .code(let scheme):
            schemes[name] = scheme
            return "code"
        case .reference(let kinds):
            references[name] = kinds
            return .string(RecordID().description)
        case .group(let members):
            return .object(
                Dictionary(
                    uniqueKeysWithValues: members.map {
                        (
                            $0.name,
                            filled(
                                $0.shape, name: RecordFormReading.child(name, $0.name), references: &references,
                                schemes: &schemes)
                        )
                    }))
        case .list(let item):
            return .array([
                filled(item, name: RecordFormReading.child(name, "0"), references: &references, schemes: &schemes)
            ])
        }
    }

    /// The form fields that describe `value`, drawn with `shape`.
    static func fields(_ value: JSONValue, _ shape: FormShape, name: String) -> [(String, String)] {
        switch (shape, value) {
        case (.group(let members), .object(let object)):
            return members.flatMap { member in
                object[member.name].map { fields($0, member.shape, name: RecordFormReading.child(name, member.name)) }
                    ?? []
            }
        case (.list(.choice), .array(let items)):
            return items.map { (name, $0.stringValue ?? "") }
        case (.list(let item), .array(let items)):
            return items.enumerated().flatMap {
                fields($0.element, item, name: RecordFormReading.child(name, String($0.offset)))
            }
        case (_, .string(let text)): return [(name, text)]
        case (_, .number(let number)): return [(name, String(Int(number)))]
        case (_, .bool(let flag)): return flag ? [(name, "true")] : []
        default: return []
        }
    }

    @Test("a documenter records an event with two victims, a perpetrator unit, a testimony and an intervention")
    func wholeCase() async throws {
        try await withServer { api, store, accounts in
            let (browser, _, _) = try await signedInBrowser(
                api, accounts, username: "forms.doc", role: .documenter, language: "ko")
            let form = try await browser.get("/forms/events/new")
            #expect(form.status == .ok)
            #expect(form.html.contains("북한") || form.html.contains("조선"))  // countries named in Korean
            let csrf = try #require(form.input("csrf"))
            let refused = try await browser.post(
                "/forms/events/new", [("csrf", csrf), ("date", "some day"), ("places.0.country", "KP")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains("href=\"#f-title\""))
            #expect(refused.html.contains("href=\"#f-date\""))
            #expect(refused.html.contains("필수 항목입니다"))
            let created = try await browser.post(
                "/forms/events/new",
                [
                    ("csrf", csrf), ("title", "청진 어선 납치"), ("date", "주체66년"), ("places.0.country", "KP"),
                    ("places.0.locality", "청진"),
                ])
            #expect(created.status == .seeOther)
            let event = try #require(Self.id(after: "/events/", in: created.location))
            let page = try await browser.get("/events/" + event)
            #expect(page.html.contains("피해자 추가"))
            // Vocabularies at any depth, the HURIDOCS terms of the top two levels in Korean.
            let actForm = try await browser.get("/forms/acts/new")
            #expect(actForm.html.contains(">— 생명권을 침해하는 직접 행위</option>"))
            #expect(actForm.html.contains(">생명권 침해</option>"))

            var acts: [String] = []
            for name in ["김철수", "이영희"] {
                let person = try await browser.post(
                    "/forms/persons/new",
                    [
                        ("csrf", csrf), ("names.0.full", name), ("roles", "victim"),
                        ("next", "/forms/acts/new?eventID=\(event)&victimID="),
                    ])
                let victim = try #require(Self.id(after: "victimID=", in: person.location))
                let act = try await browser.get(try #require(person.location))
                #expect(act.html.contains(name))
                let saved = try await browser.post(
                    "/forms/acts/new",
                    [("csrf", csrf), ("eventID", event), ("victimID", victim), ("type", "abduction")])
                acts.append(try #require(Self.id(after: "/acts/", in: saved.location)))
            }
            let unit = try await browser.post(
                "/forms/organisations/new",
                [("csrf", csrf), ("name", "국가보위성 제2국"), ("type", "security-service")])
            let organisation = try #require(Self.id(after: "/organisations/", in: unit.location))
            // The perpetrator's act is chosen among the event's, offered by the form opened from it.
            let involvementForm = try await browser.get(
                "/forms/involvements/new?_context=\(event)&perpetratorOrganisationID=\(organisation)")
            #expect(involvementForm.html.contains("value=\"\(acts[0])\""))
            #expect(involvementForm.html.contains("국가보위성 제2국"))
            let involvement = try await browser.post(
                "/forms/involvements/new",
                [
                    ("csrf", csrf), ("actID", acts[0]), ("perpetratorOrganisationID", organisation),
                    ("attribution", "probable"),
                ])
            #expect(involvement.status == .seeOther)
            let testimony = try await browser.post(
                "/forms/sources/new",
                [
                    ("csrf", csrf), ("type", "testimony"), ("title", "어머니의 증언"), ("text", "배가 돌아오지 않았다."),
                    ("consent.scopes", "internal-documentation"), ("consent.givenOn", "2024-03-01"),
                ])
            let source = try #require(Self.id(after: "/sources/", in: testimony.location))
            let information = try await browser.post(
                "/forms/information/new", [("csrf", csrf), ("sourceID", source), ("recordID", event)])
            #expect(information.status == .seeOther)
            let intervention = try await browser.post(
                "/forms/interventions/new",
                [
                    ("csrf", csrf), ("type", "un-communication"), ("title", "강제실종 실무그룹 통보"),
                    ("recipient", "UN WGEID"), ("eventIDs.0", event),
                ])
            #expect(intervention.status == .seeOther, "\(intervention.html.prefix(3000))")

            let stored = try #require(
                try await store.get(RecordID(source)!, access: .operatorAccess).body(as: Source.self))
            #expect(stored.consent?.scopes == [.internalDocumentation])
            #expect(stored.allows(.internalDocumentation) && !stored.allows(.shareWithUN))
            let shown = try await browser.get("/events/" + event)
            for text in ["김철수", "이영희", "국가보위성 제2국", "어머니의 증언"] { #expect(shown.html.contains(text), "\(text)") }
        }
    }

    @Test("forms never show nor take another desk's records; a viewer gets no form; a forged form is refused")
    func attacker() async throws {
        try await withServer { api, store, accounts in
            _ = try await accounts.createCompartment(id: "russia", name: "Overseas workers — Russia")
            let (home, _, _) = try await signedInBrowser(api, accounts, username: "home.doc", role: .documenter)
            let form = try await home.get("/forms/persons/new")
            let person = try await home.post(
                "/forms/persons/new",
                [("csrf", try #require(form.input("csrf"))), ("names.0.full", "박정희"), ("roles", "victim")])
            let hidden = try #require(Self.id(after: "/persons/", in: person.location))
            let event = try await home.post(
                "/forms/events/new", [("csrf", try #require(form.input("csrf"))), ("title", "Chongjin abduction")])
            let hiddenEvent = try #require(Self.id(after: "/events/", in: event.location))

            let (outsider, _, _) = try await signedInBrowser(
                api, accounts, username: "desk.b", role: .documenter, compartments: ["russia"])
            let own = try await outsider.get("/forms/acts/new")
            let csrf = try #require(own.input("csrf"))
            for query in ["박정희", "Chongjin", ""] {
                let found = try await outsider.post(
                    "/forms/acts/new", [("csrf", csrf), ("_q.victimID", query), ("_find", "victimID")])
                #expect(found.status == .ok)
                // Only the search box holds the name typed; no record is offered.
                #expect(!found.html.contains(hidden), "\(query)")
                #expect(found.html.components(separatedBy: "박정희").count == (query == "박정희" ? 2 : 1), "\(query)")
                #expect(!found.html.contains("type=\"radio\" id=\"f-victimID-c"), "\(query)")
                let events = try await outsider.post(
                    "/forms/acts/new", [("csrf", csrf), ("_q.eventID", query), ("_find", "eventID")])
                #expect(!events.html.contains(hiddenEvent), "\(query)")
                #expect(!events.html.contains("type=\"radio\" id=\"f-eventID-c"), "\(query)")
            }
            // Another desk's ids answer exactly as ids that name nothing.
            let theirs = try await outsider.post(
                "/forms/acts/new",
                [("csrf", csrf), ("eventID", hiddenEvent), ("victimID", hidden), ("type", "abduction")])
            let nobody = (RecordID().description, RecordID().description)
            let missing = try await outsider.post(
                "/forms/acts/new",
                [("csrf", csrf), ("eventID", nobody.0), ("victimID", nobody.1), ("type", "abduction")])
            #expect(theirs.status == .unprocessableContent && missing.status == .unprocessableContent)
            #expect(theirs.element("f-eventID-error") == missing.element("f-eventID-error"))
            #expect(theirs.element("f-victimID-error") == missing.element("f-victimID-error"))
            #expect(try await outsider.get("/forms/events/" + hiddenEvent).status == .notFound)
            #expect(try await outsider.get("/forms/persons/" + hidden).status == .notFound)
            #expect(
                try await outsider.post(
                    "/forms/events/" + hiddenEvent, [("csrf", csrf), ("version", "1"), ("title", "x")]
                ).status == .notFound)
            #expect(try await store.get(RecordID(hiddenEvent)!, access: .operatorAccess).version == 1)

            let (viewer, _, _) = try await signedInBrowser(api, accounts, username: "forms.viewer", role: .viewer)
            #expect(try await viewer.get("/forms/events/new").status == .forbidden)
            #expect(try await viewer.get("/forms/events/" + hiddenEvent).status == .forbidden)
            let forged = try await home.post("/forms/events/new", [("csrf", "forged"), ("title", "x")])
            #expect(forged.status == .forbidden)
            let without = try await home.post("/forms/events/\(hiddenEvent)", [("version", "1"), ("title", "x")])
            #expect(without.status == .forbidden)
            #expect(try await store.get(RecordID(hiddenEvent)!, access: .operatorAccess).version == 1)
        }
    }

    @Test("from a person's page: a second name form and a fate entry, in one save; a name form removed")
    func nameFormsAndFate() async throws {
        try await withServer { api, store, accounts in
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "names.doc", role: .documenter)
            let form = try await browser.get("/forms/persons/new")
            let csrf = try #require(form.input("csrf"))
            let created = try await browser.post(
                "/forms/persons/new", [("csrf", csrf), ("names.0.full", "이정숙"), ("roles", "victim")])
            let id = try #require(Self.id(after: "/persons/", in: created.location))
            let page = try await browser.get("/persons/" + id)
            #expect(page.html.contains("/forms/persons/\(id)"))
            let edit = try await browser.get("/forms/persons/" + id)
            #expect(edit.input("names.0.full") == "이정숙")
            #expect(edit.html.contains("name=\"names.1.full\""))  // an empty name form to fill
            #expect(edit.html.contains("name=\"fate.0.status\""))
            let saved = try await browser.post(
                "/forms/persons/" + id,
                [
                    ("csrf", csrf), ("version", "1"), ("names.0.full", "이정숙"), ("names.1.full", "李貞淑"),
                    ("names.1.language", "ja"), ("names.2.full", "Lee Jung-sook"), ("roles", "victim"),
                    ("fate.0.status", "detained-location-unknown"), ("fate.0.date", "주체66년"),
                    ("fate.0.place.locality", "평양"),
                ])
            #expect(saved.status == .seeOther)
            var person = try #require(try await store.get(RecordID(id)!, access: .operatorAccess).body(as: Person.self))
            #expect(person.names.map(\.full) == ["이정숙", "李貞淑", "Lee Jung-sook"])
            #expect(person.fate.first?.status == .detainedLocationUnknown)
            #expect(person.fate.first?.date?.from.year == 1977)
            let removed = try await browser.post(
                "/forms/persons/" + id,
                [
                    ("csrf", csrf), ("version", "2"), ("names.0.full", "이정숙"), ("names.1.full", "李貞淑"),
                    ("_remove.names.1", "1"), ("names.2.full", "Lee Jung-sook"), ("roles", "victim"),
                    ("fate.0.status", "detained-location-unknown"), ("fate.0.date", "주체66년"),
                ])
            #expect(removed.status == .seeOther)
            person = try #require(try await store.get(RecordID(id)!, access: .operatorAccess).body(as: Person.self))
            #expect(person.names.map(\.full) == ["이정숙", "Lee Jung-sook"])
        }
    }

    @Test("an edit that arrives after another shows what changed and overwrites nothing")
    func staleEdit() async throws {
        try await withServer { api, store, accounts in
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "stale.doc", role: .documenter)
            let form = try await browser.get("/forms/events/new")
            let csrf = try #require(form.input("csrf"))
            let created = try await browser.post(
                "/forms/events/new", [("csrf", csrf), ("title", "Abduction at sea"), ("date", "1977")])
            let id = try #require(Self.id(after: "/events/", in: created.location))
            let edit = try await browser.get("/forms/events/" + id)
            #expect(edit.input("version") == "1")
            #expect(edit.input("title") == "Abduction at sea")
            let first = try await browser.post(
                "/forms/events/" + id,
                [("csrf", csrf), ("version", "1"), ("title", "Abduction off Chongjin"), ("date", "1977")])
            #expect(first.status == .seeOther)
            let second = try await browser.post(
                "/forms/events/" + id,
                [("csrf", csrf), ("version", "1"), ("title", "Abduction at sea, 1977"), ("date", "1977")])
            #expect(second.status == .conflict)
            #expect(second.html.contains("Abduction off Chongjin"))  // what is stored now
            #expect(second.input("title") == "Abduction at sea, 1977")  // what was typed, kept
            #expect(second.input("version") == "2")
            let stored = try await store.get(RecordID(id)!, access: .operatorAccess)
            #expect(stored.version == 2)
            #expect(stored.body(as: Event.self)?.title == "Abduction off Chongjin")
        }
    }
}

extension JSONValue {
    fileprivate var stringValue: String? { if case .string(let text) = self { text } else { nil } }
}

@Suite("form catalogues")
struct FormCatalogueTests {
    /// Every name a form shows a label for, and every enumeration value it shows, by language.
    static func names(_ shape: FormShape, into names: inout Set<String>, values: inout Set<String>) {
        switch shape {
        case .group(let members):
            for member in members {
                names.insert(member.name)
                self.names(member.shape, into: &names, values: &values)
            }
        case .list(let item): self.names(item, into: &names, values: &values)
        case .choice(let options, let group): for option in options { values.insert(group + "." + option) }
        default: break
        }
    }

    @Test("every form string, field label and choice is in the English, Korean and Japanese catalogues")
    func complete() {
        var names: Set<String> = ["compartment"]
        var values: Set<String> = Set(SharingPurpose.allCases.map { "purpose." + $0.rawValue })
        for shape in RecordFormSchemas.shapes.values { Self.names(shape, into: &names, values: &values) }
        for language in Language.allCases {
            let forms = FormCatalogues.all[language] ?? [:]
            let interface = Catalogues.all[language] ?? [:]
            for key in FormText.allCases { #expect(forms[key.rawValue] != nil, "\(language): \(key)") }
            for name in names { #expect(forms["field." + name] != nil, "\(language): field.\(name)") }
            for value in values {
                #expect(forms[value] != nil || interface[value] != nil, "\(language): \(value)")
            }
        }
    }
}
