import WhereaboutsCore

/// The forms a documenter reaches from a record's page: on an event, add a victim (a person, then
/// their act), a perpetrator (an involvement in one of its acts, of a unit on record or a new one),
/// a source (then what it says of the event), an intervention or a link to another event; on a
/// person, a name form or a fate entry; on any record, what a source says about it and every field.
enum RecordFormLinks {
    /// One way to add to a record: a form for `creates` whose field `field` names the record, after,
    /// optionally, a form for `first` whose new record fills `firstField`.
    struct Flow: Sendable {
        let label: FormText
        let from: RecordKind?
        let creates: RecordKind
        let field: String?
        var prefill: [(String, String)] = []
        var first: (kind: RecordKind, field: String, prefill: [(String, String)])?
    }

    static let flows: [Flow] = [
        Flow(
            label: .addVictim, from: .event, creates: .act, field: "eventID",
            first: (.person, "victimID", [("roles", Person.Role.victim.rawValue)])),
        Flow(label: .addPerpetrator, from: .event, creates: .involvement, field: nil),
        Flow(
            label: .addPerpetratorUnit, from: .event, creates: .involvement, field: nil,
            first: (
                .organisation, "perpetratorOrganisationID",
                [("type", Organisation.OrganisationType.militaryUnit.rawValue)]
            )),
        Flow(
            label: .addSource, from: .event, creates: .information, field: "recordID",
            first: (.source, "sourceID", [("type", Source.SourceType.testimony.rawValue)])),
        Flow(label: .addIntervention, from: .event, creates: .intervention, field: "eventIDs.0"),
        Flow(label: .addEventLink, from: .event, creates: .eventLink, field: "fromEventID"),
        Flow(
            label: .addSource, from: .person, creates: .information, field: "recordID",
            first: (.source, "sourceID", [("type", Source.SourceType.testimony.rawValue)])),
        Flow(label: .addIntervention, from: .person, creates: .intervention, field: "personIDs.0"),
    ]

    /// The links shown on the page of record `id` of `kind`.
    static func render(_ kind: RecordKind, _ id: RecordID, text: Localizer) -> HTML {
        let back = SiteURL.record(kind, id).path
        var links: [HTML] = flows.filter { $0.from == kind }.map { flow in
            "<li><a href=\"\(path(flow, id, back: back))\">\(text[flow.label])</a></li>"
        }
        if kind == .person {
            links.append("<li><a href=\"\(RecordFormPath.edit(kind, id))\">\(text[.addNameOrFate])</a></li>")
        }
        if kind != .information, kind != .event, kind != .person {
            let information = RecordFormPath.new(.information, [("recordID", id.description)], context: id, next: back)
            links.append("<li><a href=\"\(information)\">\(text[.addInformation])</a></li>")
        }
        links.append("<li><a href=\"\(RecordFormPath.edit(kind, id))\">\(text[.editAllFields])</a></li>")
        return """
            <section aria-labelledby="record-forms"><h2 id="record-forms">\(text[.addToRecord])</h2>
            <ul class="actions">\(links)</ul></section>
            """
    }

    /// A flow's first form, leading on to its second, which leads back to the record's page.
    static func path(_ flow: Flow, _ id: RecordID, back: String) -> String {
        let fields = (flow.field.map { [($0, id.description)] } ?? []) + flow.prefill
        guard let first = flow.first else { return RecordFormPath.new(flow.creates, fields, context: id, next: back) }
        let second = RecordFormPath.new(flow.creates, fields, context: id, next: back) + "&\(first.field)="
        return RecordFormPath.new(first.kind, first.prefill, next: second)
    }
}
