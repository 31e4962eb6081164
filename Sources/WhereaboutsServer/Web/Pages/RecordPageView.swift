import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// Draws a record's page: the event page (acts, victims, perpetrators, sources, chain of events),
/// the person page (every name form, roles, fate timeline), the organisation page, and a plain
/// field list for the other kinds.
enum RecordPageView {
    static func render(_ model: RecordPageModel, text: Localizer, canWrite: Bool) -> HTML {
        let record = model.record
        let kind = record.metadata.kind
        let main: HTML
        switch record.body {
        case let event as Event: main = eventBody(event, model, text)
        case let person as Person: main = personBody(person, model, text)
        case let organisation as Organisation: main = organisationBody(organisation, model, text)
        case let incident as CyberIncident: main = CyberRecordView.incident(incident, model, text)
        case let indicator as Indicator: main = CyberRecordView.indicator(indicator, model, text)
        case let sighting as Sighting: main = CyberRecordView.sighting(sighting, model, text)
        case let claim as ReparationClaim: main = ReparationRecordViews.claimBody(claim, model, text)
        case let decision as ReparationDecision: main = ReparationRecordViews.decisionBody(decision, model, text)
        case let measure as ReparationMeasure: main = ReparationRecordViews.measureBody(measure, model, text)
        default: main = genericBody(record, model, text)
        }
        let compartments = model.compartments.sorted().joined(separator: ", ")
        return """
            <p class="kind">\(text.value("kind", kind.rawValue))</p>
            <h1>\((record.body as? CyberIncident).map { CyberRecordView.heading($0, text) } ?? model.heading)</h1>
            \(main)
            \(unRecommendations(model, text))
            \(unAssessments(model, text))
            <h2>\(text[.recordInfo])</h2>
            <dl class="fields">
            <dt>\(text[.compartments])</dt><dd>\(compartments)</dd>
            <dt>\(text[.version])</dt><dd>\(record.version)</dd>
            <dt>\(text[.created])</dt><dd>\(text.timestamp(record.metadata.createdAt)) · \(record.metadata.createdBy)</dd>
            <dt>\(text[.updated])</dt><dd>\(text.timestamp(record.metadata.updatedAt)) · \(record.metadata.updatedBy)</dd>
            </dl>
            <p><a href="\(SiteURL.history(kind, record.id).path)">\(text[.historyLink])</a>
            \(canWrite && (kind == .event || kind == .person) ? "· <a href=\"/\(kind.collection)/\(record.id.description)/edit\">\(text[.editLink])</a>" as HTML : .empty)</p>
            \(EvidenceSection.render(model.evidence, text: text))
            """
    }

    /// The UN recommendations the record is linked to, each with its citation.
    static func unRecommendations(_ model: RecordPageModel, _ text: Localizer) -> HTML {
        guard !model.unRecommendations.isEmpty else { return .empty }
        let items = model.unRecommendations.map { link -> HTML in
            """
            <li><a href="\(SiteURL.unRecommendation(link.symbol, link.number).path)">\(link.symbol.description) \(link.number)</a>
            \(link.text)\(link.note.map { " — " + $0 })</li>
            """
        }
        return
            "<section aria-labelledby=\"un-links\"><h2 id=\"un-links\">\(text[.recordUNRecommendations])</h2><ul>\(items)</ul></section>"
    }

    /// The implementation assessments that rest on the record: which recommendation, the level, the
    /// day, who assessed it, and the note where the reader may read it.
    static func unAssessments(_ model: RecordPageModel, _ text: Localizer) -> HTML {
        guard !model.unAssessments.isEmpty else { return .empty }
        let rows = model.unAssessments.map { assessment -> HTML in
            """
            <tr><td><a href="\(SiteURL.unRecommendation(assessment.symbol, assessment.number).path)">\(assessment.symbol.description) \(assessment.number)</a></td>
            <td>\(text.value("un-implementation", assessment.implementation.rawValue))</td><td>\(assessment.date)</td>
            <td>\(assessment.assessedBy)</td><td>\(assessment.note)</td></tr>
            """
        }
        return """
            <section aria-labelledby="un-assessments"><h2 id="un-assessments">\(text[.recordUNAssessments])</h2>
            <table aria-labelledby="un-assessments"><thead><tr><th scope="col">\(text[.unRecommendation])</th>
            <th scope="col">\(text[.unImplementation])</th><th scope="col">\(text[.unDate])</th>
            <th scope="col">\(text[.unAssessedBy])</th><th scope="col">\(text[.unNote])</th></tr></thead>
            <tbody>\(rows)</tbody></table></section>
            """
    }

    // MARK: - Kinds

    static func eventBody(_ event: Event, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        let acts = (model.referrers[.act] ?? []).compactMap { record -> HTML? in
            guard let act = record.body(as: Act.self) else { return nil }
            return """
                <tr><td>\(link(act.victimID, model, text))</td>
                <td><a href="\(SiteURL.record(.act, record.id).path)">\(term(.violationTypes, act.type, model, text))</a></td>
                <td>\(act.date.map(text.date))</td>
                <td>\(act.hostState)\(act.hostStateRole.map { " · " + text.value("host-role", $0.rawValue) })</td></tr>
                """
        }
        let perpetrators = (model.referrers[.involvement] ?? []).compactMap { record -> HTML? in
            guard let involvement = record.body(as: Involvement.self) else { return nil }
            let who = involvement.perpetratorOrganisationID ?? involvement.perpetratorPersonID
            return """
                <li>\(who.map { link($0, model, text) } ?? "—")
                (\(text.value("attribution", involvement.attribution.rawValue)))</li>
                """
        }
        let sourceIDs =
            event.sourceIDs + (model.referrers[.act] ?? []).flatMap { $0.body(as: Act.self)?.sourceIDs ?? [] }
            + (model.referrers[.information] ?? []).compactMap { $0.body(as: Information.self)?.sourceID }
        let sources = Array(Set(sourceIDs)).sorted { $0.description < $1.description }.map {
            "<li>\(link($0, model, text))</li>" as HTML
        }
        let chain = (model.referrers[.eventLink] ?? []).compactMap { record -> HTML? in
            guard let link = record.body(as: EventLink.self) else { return nil }
            let other = link.fromEventID == model.record.id ? link.toEventID : link.fromEventID
            let direction = link.fromEventID == model.record.id ? text[.chainLeadsTo] : text[.chainFollows]
            return
                "<li>\(direction): \(Self.link(other, model, text)) — \(term(.chainTypes, link.type, model, text))</li>"
        }
        let places = event.places.map { place in
            "<li>\(place.country.map { $0 + " · " } ?? "")\(place.locality)</li>" as HTML
        }
        return """
            <dl class="fields">
            <dt>\(text[.date])</dt><dd>\(event.date.map(text.date) ?? "—")</dd>
            <dt>\(text[.violationStatus])</dt><dd>\(event.violationStatus.map { term(.violationStatus, $0, model, text) } ?? "—")</dd>
            <dt>\(text[.perpetratorStates])</dt><dd>\(event.perpetratorStates.joined(separator: ", "))</dd>
            </dl>
            \(event.description.map { "<p>\($0)</p>" as HTML } ?? .empty)
            \(places.isEmpty ? HTML.empty : "<h2>\(text[.places])</h2><ul>\(places)</ul>")
            <h2 id="acts">\(text[.acts])</h2>
            \(acts.isEmpty ? "<p>\(text[.nothingYet])</p>" as HTML : """
            <table aria-labelledby="acts"><thead><tr><th scope="col">\(text[.victim])</th><th scope="col">\(text[.violationType])</th>
            <th scope="col">\(text[.date])</th><th scope="col">\(text[.hostState])</th></tr></thead><tbody>\(acts)</tbody></table>
            """)
            <h2>\(text[.perpetrators])</h2>
            \(list(perpetrators, text))
            <h2>\(text[.sources])</h2>
            \(list(sources, text))
            <h2>\(text[.chainOfEvents])</h2>
            \(list(chain, text))
            """
    }

    static func personBody(_ person: Person, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        let names = person.names.map { name -> HTML in
            """
            <tr><td lang="\(name.language ?? "")">\(name.full)</td>
            <td>\(name.script.map { text.value("script", $0.rawValue) })</td>
            <td>\(name.language)</td>
            <td>\(name.romanisation.map { text.value("romanisation", $0.rawValue) })</td>
            <td>\(name.note)\(name.sourceID.map { id in " \(link(id, model, text))" as HTML } ?? .empty)</td></tr>
            """
        }
        let fate = person.fate.sorted { ($0.date?.from.iso ?? "9999") < ($1.date?.from.iso ?? "9999") }.map {
            entry -> HTML in
            """
            <li><strong>\(text.value("fate", entry.status.rawValue))</strong>
            \(entry.date.map { " — " + text.date($0) } ?? "")\(entry.place.map { " · " + ($0.country ?? "") + " " + ($0.locality ?? "") } ?? "")</li>
            """
        }
        let acts = (model.referrers[.act] ?? []).compactMap { record -> HTML? in
            guard let act = record.body(as: Act.self) else { return nil }
            return
                "<li>\(link(act.eventID, model, text)) — <a href=\"\(SiteURL.record(.act, record.id).path)\">\(term(.violationTypes, act.type, model, text))</a></li>"
        }
        return """
            <h2 id="names">\(text[.names])</h2>
            <table aria-labelledby="names"><thead><tr><th scope="col">\(text[.name])</th><th scope="col">\(text[.script])</th>
            <th scope="col">\(text[.languageCode])</th><th scope="col">\(text[.romanisation])</th><th scope="col">\(text[.note])</th></tr></thead>
            <tbody>\(names)</tbody></table>
            <dl class="fields">
            <dt>\(text[.sex])</dt><dd>\(person.sex.map { text.value("sex", $0.rawValue) } ?? "—")</dd>
            <dt>\(text[.birthDate])</dt><dd>\(person.birthDate.map(text.date) ?? "—")</dd>
            <dt>\(text[.origin])</dt><dd>\(person.origin.map { [$0.country, $0.locality].compactMap { $0 }.joined(separator: " · ") } ?? "—")</dd>
            <dt>\(text[.nationalities])</dt><dd>\(person.nationalities.joined(separator: ", "))</dd>
            <dt>\(text[.roles])</dt><dd>\(person.roles.map { text.value("role", $0.rawValue) }.joined(separator: ", "))</dd>
            </dl>
            \(person.notes.map { "<p>\($0)</p>" as HTML } ?? .empty)
            <h2>\(text[.fateTimeline])</h2>
            \(list(fate, text, ordered: true))
            <h2>\(text[.acts])</h2>
            \(list(acts, text))
            \(ReparationRecordViews.personSection(model, text))
            \(sameAs(model, text))
            """
    }

    /// The records reviewers judged to be the same person, each a link: nothing was merged.
    static func sameAs(_ model: RecordPageModel, _ text: Localizer) -> HTML {
        guard !model.samePerson.isEmpty else { return .empty }
        let items = model.samePerson.map { record -> HTML in
            "<li><a href=\"\(SiteURL.record(.person, record.id).path)\">\(record.metadata.title)</a></li>"
        }
        return """
            <h2 id="same-person">\(text[.samePersonTitle])</h2>
            <p class="hint">\(text[.samePersonHint])</p>
            <ul aria-labelledby="same-person">\(items)</ul>
            """
    }

    static func organisationBody(_ organisation: Organisation, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        let names = organisation.names.map { "<li>\($0.full)</li>" as HTML }
        let involvements = (model.referrers[.involvement] ?? []).compactMap { record -> HTML? in
            guard let involvement = record.body(as: Involvement.self) else { return nil }
            return
                "<li>\(link(involvement.actID, model, text)) (\(text.value("attribution", involvement.attribution.rawValue)))</li>"
        }
        return """
            <dl class="fields">
            <dt>\(text[.organisationType])</dt><dd>\(text.value("organisation-type", organisation.type.rawValue))</dd>
            <dt>\(text[.country])</dt><dd>\(organisation.country ?? "—")</dd>
            <dt>\(text[.parentOrganisation])</dt><dd>\(organisation.parentID.map { link($0, model, text) } ?? "—")</dd>
            </dl>
            \(organisation.description.map { "<p>\($0)</p>" as HTML } ?? .empty)
            \(names.isEmpty ? HTML.empty : "<h2>\(text[.names])</h2><ul>\(names)</ul>")
            <h2>\(text[.implicatedIn])</h2>
            \(list(involvements, text))
            """
    }

    /// Any other kind: its fields as stored, references as links.
    static func genericBody(_ record: StoredRecord, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        let references = Dictionary(
            record.body.references.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
        let object = (try? JSONValue.parse(try JSONEncoder.canonical.encode(EncodedBody(record.body)))) ?? .null
        guard case .object(let fields) = object else { return .empty }
        let rows = fields.keys.sorted().map { key -> HTML in
            let value: HTML =
                references["/" + key].map { link($0, model, text) } ?? ("\(plain(fields[key] ?? .null))" as HTML)
            return "<dt>\(key)</dt><dd>\(value)</dd>"
        }
        return "<dl class=\"fields\">\(rows)</dl>"
    }

    // MARK: - Pieces

    /// A list, or a line saying there is nothing yet.
    static func list(_ items: [HTML], _ text: Localizer, ordered: Bool = false) -> HTML {
        guard !items.isEmpty else { return "<p>\(text[.nothingYet])</p>" }
        return ordered ? "<ol>\(items)</ol>" : "<ul>\(items)</ul>"
    }

    static func link(_ id: RecordID, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        guard let target = model.titles[id] else { return "<span class=\"hint\">\(text[.restricted])</span>" }
        return "<a href=\"\(SiteURL.record(target.kind, id).path)\">\(target.title)</a>"
    }

    static func term(_ scheme: VocabularyScheme, _ code: String, _ model: RecordPageModel, _ text: Localizer) -> String
    {
        text.label(model.vocabulary.term(scheme, code), code: code)
    }

    /// A JSON value as readable text.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): number.rounded() == number ? String(Int(number)) : String(number)
        case .bool(let flag): flag ? "✓" : "✗"
        case .null: "—"
        case .array(let items): items.map(plain).joined(separator: "; ")
        case .object(let members):
            members["text"].map(plain)
                ?? members.keys.sorted().map { "\($0): \(plain(members[$0]!))" }.joined(separator: ", ")
        }
    }
}

/// Encodes a record body whose type is known only at run time.
struct EncodedBody: Encodable {
    let body: any RecordBody
    init(_ body: any RecordBody) { self.body = body }
    func encode(to encoder: any Encoder) throws { try body.encode(to: encoder) }
}
