import WhereaboutsCore
import WhereaboutsCyber
import WhereaboutsStore

/// The bodies of the cyber records' pages (issue 20). Nothing a lure carried is ever a link or
/// markup here: headers, links and addresses are defanged text (`hxxps[://]evil[.]example`); the
/// message and its attachments are only ever downloads, listed in the evidence section.
enum CyberRecordView {
    /// An incident's heading in the reader's language: its vector and whom it targeted.
    static func heading(_ incident: CyberIncident, _ text: Localizer) -> String {
        text.value("cyber-vector", incident.vector.rawValue) + " · "
            + text.value("cyber-target", incident.target.classification.rawValue)
    }

    static func incident(_ incident: CyberIncident, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        let sectors = incident.target.sectors.joined(separator: ", ")
        let exposure: String =
            incident.exposure.map { exposure in
                let categories = exposure.categories.map(\.rawValue).joined(separator: ", ")
                return [categories, exposure.persons.map { text.format(.cyberPersons, String($0)) }].compactMap { $0 }
                    .filter { !$0.isEmpty }.joined(separator: " · ")
            } ?? "—"
        let attribution: String =
            incident.attribution.map { attribution in
                [attribution.actor, attribution.intrusionSet, "(\(attribution.confidence.rawValue))"].compactMap { $0 }
                    .joined(separator: " ")
            } ?? "—"
        let leverage: String =
            incident.leverageOnFamily.map { $0 ? "✓" : "✗" } ?? "—"
        let targets = (incident.targetPersonIDs + incident.targetOrganisationIDs).map {
            "<li>\(RecordPageView.link($0, model, text))</li>" as HTML
        }
        return """
            <dl class="fields">
            <dt>\(text[.cyberVector])</dt><dd>\(text.value("cyber-vector", incident.vector.rawValue))</dd>
            <dt>\(text[.cyberTarget])</dt><dd>\(text.value("cyber-target", incident.target.classification.rawValue))\(sectors.isEmpty ? "" : " · " + sectors)</dd>
            <dt>\(text[.when])</dt><dd>\(incident.date.map { text.date($0) } ?? "—")</dd>
            <dt>\(text[.cyberExposure])</dt><dd>\(exposure)</dd>
            <dt>\(text[.cyberLeverage])</dt><dd>\(leverage)\(incident.leverageDetail.map { " — " + $0 })</dd>
            <dt>\(text[.cyberAttribution])</dt><dd>\(attribution)</dd>
            \(incident.eventID.map { "<dt>\(text.value("kind", "event"))</dt><dd>\(RecordPageView.link($0, model, text))</dd>" as HTML } ?? .empty)
            </dl>
            \(incident.description.map { "<p>\($0)</p>" as HTML } ?? .empty)
            \(targets.isEmpty ? .empty : "<h2>\(text[.cyberTargets])</h2><ul>\(targets)</ul>" as HTML)
            \(incident.lures.enumerated().map { lure($0.element, number: $0.offset + 1, text) })
            \(sightings(model, text))
            """
    }

    /// One lure's headers and links, defanged, in a table; attachments by name, size and hash.
    static func lure(_ lure: Lure, number: Int, _ text: Localizer) -> HTML {
        let headers: [(UIText, String?)] = [
            (.cyberSubject, lure.subject), (.cyberFrom, lure.from.map(Defanged.freeText)),
            (.cyberReplyTo, lure.replyTo.map(Defanged.freeText)),
            (.cyberReturnPath, lure.returnPath.map(Defanged.freeText)),
            (.cyberMessageID, lure.messageID.map(Defanged.freeText)), (.cyberDate, lure.date),
        ]
        let rows = headers.compactMap { label, value -> HTML? in
            value.map { "<tr><th scope=\"row\">\(text[label])</th><td>\($0)</td></tr>" }
        }
        let received = lure.received.map { "<li><code>\(Defanged.freeText($0))</code></li>" as HTML }
        let links = lure.urls.map { "<li><code>\(Defanged.url($0))</code></li>" as HTML }
        let attachments = lure.attachments.map { attachment -> HTML in
            let name: HTML =
                attachment.itemID.map {
                    "<a href=\"\(SiteURL.evidence($0).path)\">\(Defanged.freeText(attachment.name))</a>"
                }
                ?? "\(Defanged.freeText(attachment.name))"
            return """
                <tr><td>\(name)</td><td>\(attachment.declaredType)</td><td>\(attachment.size)</td><td><code>\(attachment.sha256)</code></td></tr>
                """
        }
        let problems = lure.problems.map { "<li>\($0)</li>" as HTML }
        return """
            <section class="lure" aria-labelledby="lure-\(number)">
            <h2 id="lure-\(number)">\(text.format(.cyberLureNumber, String(number)))</h2>
            <p class="hint">\(text[.cyberNeverRendered]) <a href="\(SiteURL.evidence(lure.itemID).path)">\(text[.cyberMessageItem])</a></p>
            <table><tbody>\(rows)</tbody></table>
            \(received.isEmpty ? .empty : "<h3>\(text[.cyberReceived])</h3><ol>\(received)</ol>" as HTML)
            <h3>\(text[.cyberLinks])</h3>
            \(links.isEmpty ? "<p>\(text[.nothingYet])</p>" as HTML : "<ul>\(links)</ul>" as HTML)
            \(attachments.isEmpty ? .empty : """
                <h3>\(text[.cyberAttachments])</h3><table><thead><tr><th scope="col">\(text[.evidenceName])</th>
                <th scope="col">\(text[.evidenceType])</th><th scope="col">\(text[.evidenceSize])</th>
                <th scope="col">\(text[.evidenceSHA256])</th></tr></thead><tbody>\(attachments)</tbody></table>
                """ as HTML)
            \(problems.isEmpty ? .empty : "<h3>\(text[.cyberProblems])</h3><ul>\(problems)</ul>" as HTML)
            </section>
            """
    }

    static func indicator(_ indicator: Indicator, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        """
        <dl class="fields">
        <dt>\(text[.cyberIndicatorType])</dt><dd>\(text.value("indicator-type", indicator.type.rawValue))</dd>
        <dt>\(text[.cyberIndicator])</dt><dd><code>\(Defanged.text(indicator.value, as: indicator.type))</code></dd>
        <dt>\(text[.cyberOrigin])</dt><dd>\(indicator.origin.rawValue)</dd>
        <dt>\(text[.cyberMalware])</dt><dd>\(indicator.malware ?? "—")</dd>
        \(indicator.note.map { "<dt>\(text[.note])</dt><dd>\($0)</dd>" as HTML } ?? .empty)
        </dl>
        \(sightings(model, text))
        """
    }

    static func sighting(_ sighting: Sighting, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        """
        <dl class="fields">
        <dt>\(text.value("kind", "cyber-incident"))</dt><dd>\(RecordPageView.link(sighting.incidentID, model, text))</dd>
        <dt>\(text.value("kind", "indicator"))</dt><dd>\(RecordPageView.link(sighting.indicatorID, model, text))</dd>
        <dt>\(text[.cyberFirstSeen])</dt><dd>\(text.timestamp(sighting.firstSeen))</dd>
        <dt>\(text[.cyberLastSeen])</dt><dd>\(text.timestamp(sighting.lastSeen))</dd>
        <dt>\(text[.count])</dt><dd>\(sighting.count)</dd>
        <dt>\(text[.cyberOrigin])</dt><dd>\(text.value("sighting-origin", sighting.origin.rawValue))</dd>
        \(sighting.reference.map { "<dt>\(text[.cyberReference])</dt><dd><code>\($0)</code></dd>" as HTML } ?? .empty)
        </dl>
        """
    }

    /// The sightings that refer to the page's record.
    static func sightings(_ model: RecordPageModel, _ text: Localizer) -> HTML {
        let rows = (model.referrers[.sighting] ?? []).compactMap { record -> HTML? in
            guard let sighting = record.body(as: Sighting.self) else { return nil }
            return """
                <tr><td><a href="\(SiteURL.record(.sighting, record.id).path)">\(text.value("sighting-origin", sighting.origin.rawValue))</a></td>
                <td>\(text.timestamp(sighting.firstSeen))</td><td>\(text.timestamp(sighting.lastSeen))</td><td>\(sighting.count)</td></tr>
                """
        }
        guard !rows.isEmpty else { return "<h2>\(text[.cyberSightings])</h2><p>\(text[.nothingYet])</p>" }
        return """
            <h2>\(text[.cyberSightings])</h2><table><thead><tr><th scope="col">\(text[.cyberOrigin])</th>
            <th scope="col">\(text[.cyberFirstSeen])</th><th scope="col">\(text[.cyberLastSeen])</th>
            <th scope="col">\(text[.count])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
