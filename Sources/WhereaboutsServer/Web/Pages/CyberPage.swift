import Foundation
import WhereaboutsCore
import WhereaboutsCyber
import WhereaboutsOperations
import WhereaboutsStore

/// What the cyber page shows (issue 20): incidents by month and by vector, and the indicators with
/// how often and where they were sighted — all of it made of what the reader may see.
struct CyberPageModel: Sendable {
    struct Row: Sendable {
        let id: RecordID
        let indicator: Indicator
        let sightings: Int
        let incidents: Int
        let lastSeen: String
    }

    let byMonth: [(month: String, count: Int)]
    let byVector: [(vector: CyberIncident.Vector, count: Int)]
    let incidents: [StoredRecord]
    let indicators: [Row]

    static func load(_ cyber: CyberOperations, access: RecordAccess) async throws -> CyberPageModel {
        let incidents = try await cyber.all(.cyberIncident, access: access)
        let sightings = try await cyber.sightings(of: nil, access: access).compactMap { $0.body(as: Sighting.self) }
        var months: [String: Int] = [:]
        var vectors: [CyberIncident.Vector: Int] = [:]
        for record in incidents {
            guard let incident = record.body(as: CyberIncident.self) else { continue }
            let month =
                incident.date.map { String($0.from.iso.prefix(7)) } ?? String(record.metadata.createdAt.prefix(7))
            months[month, default: 0] += 1
            vectors[incident.vector, default: 0] += 1
        }
        let rows = try await cyber.all(.indicator, access: access).compactMap { record -> Row? in
            guard let indicator = record.body(as: Indicator.self) else { return nil }
            let seen = sightings.filter { $0.indicatorID == record.id }
            return Row(
                id: record.id, indicator: indicator, sightings: seen.reduce(0) { $0 + $1.count },
                incidents: Set(seen.map(\.incidentID)).count, lastSeen: seen.map(\.lastSeen).max() ?? "")
        }.sorted { ($0.sightings, $1.indicator.value) > ($1.sightings, $0.indicator.value) }
        return CyberPageModel(
            byMonth: months.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            byVector: vectors.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map {
                ($0.key, $0.value)
            },
            incidents: incidents.sorted { $0.metadata.createdAt > $1.metadata.createdAt }, indicators: rows)
    }
}

enum CyberPageView {
    static func render(_ model: CyberPageModel, text: Localizer, form: HTML, mayExport: Bool) -> HTML {
        let monthItems = model.byMonth.map { (label: $0.month, value: $0.count) }
        let vectorItems = model.byVector.map {
            (label: text.value("cyber-vector", $0.vector.rawValue), value: $0.count)
        }
        let incidents = model.incidents.prefix(50).compactMap { record -> HTML? in
            guard let incident = record.body(as: CyberIncident.self) else { return nil }
            return """
                <tr><td><a href="\(SiteURL.record(.cyberIncident, record.id).path)">\(text.value("cyber-vector", incident.vector.rawValue))</a></td>
                <td>\(text.value("cyber-target", incident.target.classification.rawValue))</td>
                <td>\(incident.date.map { text.date($0) } ?? "—")</td><td>\(incident.lures.count)</td></tr>
                """
        }
        let indicators = model.indicators.prefix(200).map { row -> HTML in
            """
            <tr><td>\(text.value("indicator-type", row.indicator.type.rawValue))</td>
            <td><a href="\(SiteURL.record(.indicator, row.id).path)"><code>\(Defanged.text(row.indicator.value, as: row.indicator.type))</code></a></td>
            <td>\(row.sightings)</td><td>\(row.incidents)</td><td>\(row.lastSeen.isEmpty ? "—" : text.timestamp(row.lastSeen))</td></tr>
            """
        }
        let exports: HTML =
            mayExport
            ? """
            <section aria-labelledby="cyber-share"><h2 id="cyber-share">\(text[.cyberShare])</h2>
            <p class="hint">\(text[.cyberShareHint])</p>
            <ul>\(TrafficLightProtocol.allCases.map { "<li><a href=\"\(SiteURL.cyberSTIX($0.rawValue).path)\" download>STIX 2.1 · \($0.label)</a></li>" as HTML })</ul>
            </section>
            """ : .empty
        return """
            <h1>\(text[.cyberTitle])</h1>
            <p>\(text[.cyberIntro])</p>
            <div class="grid">
            <section aria-labelledby="cyber-months"><h2 id="cyber-months">\(text[.cyberByMonth])</h2>
            \(BarChart.svg(monthItems, title: text[.cyberByMonth]))
            \(DashboardView.table(monthItems, text: text, header: text[.cyberMonth]))</section>
            <section aria-labelledby="cyber-vectors"><h2 id="cyber-vectors">\(text[.cyberByVector])</h2>
            \(BarChart.svg(vectorItems, title: text[.cyberByVector]))
            \(DashboardView.table(vectorItems, text: text, header: text[.cyberVector]))</section>
            </div>
            <section aria-labelledby="cyber-incidents"><h2 id="cyber-incidents">\(text[.cyberIncidents])</h2>
            \(incidents.isEmpty ? "<p>\(text[.nothingYet])</p>" as HTML : """
                <table><thead><tr><th scope="col">\(text[.cyberVector])</th><th scope="col">\(text[.cyberTarget])</th>
                <th scope="col">\(text[.when])</th><th scope="col">\(text[.cyberLures])</th></tr></thead><tbody>\(incidents)</tbody></table>
                """)
            </section>
            <section aria-labelledby="cyber-indicators"><h2 id="cyber-indicators">\(text[.cyberIndicators])</h2>
            <p class="hint">\(text[.cyberDefangedHint])</p>
            \(indicators.isEmpty ? "<p>\(text[.nothingYet])</p>" as HTML : """
                <table><thead><tr><th scope="col">\(text[.cyberIndicatorType])</th><th scope="col">\(text[.cyberIndicator])</th>
                <th scope="col">\(text[.cyberSightings])</th><th scope="col">\(text[.cyberIncidents])</th>
                <th scope="col">\(text[.cyberLastSeen])</th></tr></thead><tbody>\(indicators)</tbody></table>
                """)
            </section>
            \(exports)
            \(form)
            """
    }

    /// The form that takes a lure in: CSRF token and fields first, the message last.
    /// `compartments` are the writer's, by id and name: a new incident is placed in the one chosen.
    static func form(
        csrf: String, compartments: [(id: String, name: String)], text: Localizer, error: String? = nil,
        headingLevel: Int = 2
    ) -> HTML {
        let options = CyberIncident.Target.Classification.allCases.map { value -> HTML in
            "<option value=\"\(value.rawValue)\">\(text.value("cyber-target", value.rawValue))</option>"
        }
        let places = compartments.map { "<option value=\"\($0.id)\">\($0.name)</option>" as HTML }
        let invalid: HTML = error == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"cyber-file-error\""
        return """
            <section aria-labelledby="cyber-ingest"><h\(headingLevel) id="cyber-ingest">\(text[.cyberIngestTitle])</h\(headingLevel)>
            \(error.map { "<p class=\"alert\" role=\"alert\" id=\"cyber-file-error\">\($0)</p>" as HTML } ?? .empty)
            <p class="hint">\(text[.cyberIngestHint])</p>
            <form method="post" action="\(SiteURL.cyberLures.path)" enctype="multipart/form-data" class="stacked">
            <input type="hidden" name="csrf" value="\(csrf)">
            <div><label for="cyber-target">\(text[.cyberTarget])</label>
            <select id="cyber-target" name="target">\(options)</select></div>
            <div><label for="cyber-compartment">\(text[.compartment])</label>
            <select id="cyber-compartment" name="compartment">\(places)</select></div>
            <div><label for="cyber-incident">\(text[.cyberIncidentOptional])</label>
            <input id="cyber-incident" name="incident" maxlength="36" aria-describedby="cyber-incident-hint">
            <p class="hint" id="cyber-incident-hint">\(text[.cyberIncidentHint])</p></div>
            <div><label for="cyber-file">\(text[.cyberFile]) *</label>
            <input type="file" id="cyber-file" name="file" accept=".eml,message/rfc822" required\(invalid)></div>
            <div><button type="submit">\(text[.cyberSubmit])</button></div>
            </form></section>
            """
    }
}
