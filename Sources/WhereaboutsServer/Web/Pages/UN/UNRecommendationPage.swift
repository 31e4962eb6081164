import Foundation
import WhereaboutsDocuments
import WhereaboutsStore

/// One recommendation: its text, who made it and to whom, where it stands, its responses and
/// implementation assessments over time and the records that show its (non-)implementation —
/// those the reader may see. A writer records responses and assessments and links records here.
struct UNRecommendationModel: Sendable {
    let tracked: TrackedUNRecommendation
    let linked: [UNLinkedRecord]
    let assessments: [RecordedUNAssessment]
    let repeats: UNRepeats
    /// Recommendations it may repeat, suggested to writers by their words.
    let candidates: [UNRelatedRecommendation]
    /// How UHRI or UPR Info list it (their themes, affected persons, SDGs, action category…).
    let listings: [UNExternalListing]

    var key: TrackedUNRecommendationKey {
        TrackedUNRecommendationKey(symbol: tracked.symbol, number: tracked.recommendation.number)
    }
}

enum UNRecommendationView {
    static func render(
        _ model: UNRecommendationModel, text: Localizer, csrf: String?,
        error: (UNRecommendationForms.Kind, String)? = nil
    ) -> HTML {
        let item = model.tracked
        let recommendation = item.recommendation
        func form(_ kind: UNRecommendationForms.Kind) -> HTML {
            csrf.map { UNRecommendationForms.render(kind, item: model.key, csrf: $0, text: text, error: error) }
                ?? .empty
        }
        let responses = item.responses.map { recorded -> HTML in
            let response = recorded.response
            return """
                <tr><td>\(response.date)</td><td>\(text.value("un-stage", response.stage.rawValue))</td>
                <td>\(text.value("un-position", response.position.rawValue))</td><td>\(response.clause)</td>
                <td>\(response.source)</td><td>\(recorded.recordedBy)</td></tr>
                """
        }
        let linked = model.linked.map { record -> HTML in
            let label = record.title ?? "\(text.value("kind", record.kind.rawValue)) \(record.id.description)"
            return """
                <li><a href="\(SiteURL.record(record.kind, record.id).path)">\(label)</a>
                <small>(\(text.value("kind", record.kind.rawValue)))</small>\(record.note.map { " — " + $0 })</li>
                """
        }
        return """
            <p class="kind">\(text[.unRecommendation])</p>
            <h1>\(item.symbol.description) \(recommendation.number)</h1>
            <blockquote><p>\(recommendation.text)</p></blockquote>
            <dl class="fields">
            <dt>\(text[.unCiteAs])</dt><dd><cite>\(item.citation)</cite></dd>
            <dt>\(text[.unDocument])</dt><dd><a href="\(SiteURL.unDocument(item.symbol).path)#para-\(recommendation.paragraph)">\(item.symbol.description), para. \(recommendation.paragraph)</a></dd>
            \(item.cycle.map { "<dt>\(text[.unCycle])</dt><dd>\(text.format(.unCycleNumber, String($0)))</dd>" as HTML } ?? .empty)
            \(recommendation.recommendingStates.isEmpty ? HTML.empty : "<dt>\(text[.unRecommendingStates])</dt><dd>\(recommendation.recommendingStates.joined(separator: ", "))</dd>")
            <dt>\(text[.unAddressee])</dt><dd>\(recommendation.addressee)</dd>
            <dt>\(text[.unPosition])</dt><dd>\(item.position.map { text.value("un-position", $0.rawValue) } ?? "—")</dd>
            <dt>\(text[.unImplementation])</dt><dd>\(text.value("un-implementation", item.implementation?.rawValue ?? UNImplementation.notAssessed))</dd>
            <dt>\(text[.unThemes])</dt><dd>\(item.themes.map { text.value("un-theme", $0) }.joined(separator: ", "))</dd>
            </dl>
            \(listings(model.listings, text: text))
            <section aria-labelledby="responses"><h2 id="responses">\(text[.unResponses])</h2>
            \(responses.isEmpty ? "<p>\(text[.unNoResponses])</p>" as HTML : """
                <table><thead><tr><th scope="col">\(text[.unDate])</th><th scope="col">\(text[.unStage])</th>
                <th scope="col">\(text[.unPosition])</th><th scope="col">\(text[.unClause])</th>
                <th scope="col">\(text[.unSource])</th><th scope="col">\(text[.who])</th></tr></thead>
                <tbody>\(responses)</tbody></table>
                """)
            \(form(.respond))
            </section>
            <section aria-labelledby="assessments"><h2 id="assessments">\(text[.unAssessments])</h2>
            \(assessments(model.assessments, text: text))
            \(form(.assess))
            </section>
            <section aria-labelledby="repeats"><h2 id="repeats">\(text[.unRepeats])</h2>
            \(repeats(model, text: text, csrf: csrf))
            \(form(.repeat))
            </section>
            <section aria-labelledby="linked"><h2 id="linked">\(text[.unLinkedRecords])</h2>
            \(linked.isEmpty ? "<p>\(text[.unNoLinks])</p>" as HTML : "<ul>\(linked)</ul>")
            \(form(.link))
            </section>
            """
    }

    /// Each database's listing, its own column names and values as it publishes them.
    static func listings(_ listings: [UNExternalListing], text: Localizer) -> HTML {
        HTML(
            listings.map { listing -> HTML in
                let fields = listing.details.sorted { $0.key < $1.key }.map {
                    "<dt>\($0.key.prefix(1).uppercased() + $0.key.dropFirst())</dt><dd>\($0.value)</dd>" as HTML
                }
                return """
                    <section aria-label="\(text.format(.unListedBy, listing.source.label))"><h2>\(text.format(.unListedBy, listing.source.label))</h2>
                    <dl class="fields"><dt>Id</dt><dd>\(listing.id)</dd>\(fields)</dl></section>
                    """
            })
    }

    /// The recommendations it repeats and those repeating it; for writers, suggestions to link.
    static func repeats(_ model: UNRecommendationModel, text: Localizer, csrf: String?) -> HTML {
        func list(_ items: [UNRelatedRecommendation]) -> HTML {
            let entries = items.map { item -> HTML in
                """
                <li><a href="\(SiteURL.unRecommendation(item.symbol, item.number).path)">\(item.symbol.description) \(item.number)</a>
                \(String(item.text.prefix(200)))</li>
                """
            }
            return "<ul>\(entries)</ul>"
        }
        var parts: [HTML] = []
        if !model.repeats.repeats.isEmpty {
            parts.append("<h3>\(text[.unRepeatsEarlier])</h3>\(list(model.repeats.repeats))")
        }
        if !model.repeats.repeatedBy.isEmpty {
            parts.append("<h3>\(text[.unRepeatedBy])</h3>\(list(model.repeats.repeatedBy))")
        }
        if parts.isEmpty { parts.append("<p>\(text[.unNoRepeats])</p>") }
        if let csrf, !model.candidates.isEmpty {
            let suggestions = model.candidates.map { item -> HTML in
                let name = "\(item.symbol) \(item.number)"
                return """
                    <li><a href="\(SiteURL.unRecommendation(item.symbol, item.number).path)">\(name)</a>
                    \(String(item.text.prefix(200))) <small>(\(text.format(.unSimilarity, String(Int(item.similarity * 100)))))</small>
                    <form method="post" action="\(SiteURL.unRepeat.path)" class="inline">
                    <input type="hidden" name="csrf" value="\(csrf)">
                    <input type="hidden" name="symbol" value="\(model.key.symbol.description)">
                    <input type="hidden" name="number" value="\(model.key.number)">
                    <input type="hidden" name="earlier-symbol" value="\(item.symbol.description)">
                    <input type="hidden" name="earlier-number" value="\(item.number)">
                    <button type="submit">\(text.format(.unRepeatCandidateButton, name))</button></form></li>
                    """
            }
            parts.append("<h3>\(text[.unRepeatCandidates])</h3><ul>\(suggestions)</ul>")
        }
        return HTML(parts)
    }

    /// The assessments, oldest first, each with the evidence the reader may see.
    static func assessments(_ assessments: [RecordedUNAssessment], text: Localizer) -> HTML {
        guard !assessments.isEmpty else { return "<p>\(text[.unNoAssessments])</p>" }
        let rows = assessments.map { assessment -> HTML in
            let evidence = assessment.evidence.map { item -> HTML in
                let path =
                    item.isItem ? SiteURL.evidence(item.reference).path : SiteURL.record(item.kind, item.record).path
                let label = item.isItem ? text[.unEvidenceItem] : text.value("kind", item.kind.rawValue)
                return "<li><a href=\"\(path)\">\(label) \(item.reference)</a></li>"
            }
            return """
                <tr><td>\(assessment.date)</td><td>\(text.value("un-implementation", assessment.implementation.rawValue))</td>
                <td>\(assessment.assessedBy)</td><td>\(evidence.isEmpty ? HTML.empty : "<ul class=\"plain\">\(evidence)</ul>")</td>
                <td>\(assessment.note)</td><td>\(assessment.recordedBy)</td></tr>
                """
        }
        return """
            <table><thead><tr><th scope="col">\(text[.unDate])</th><th scope="col">\(text[.unImplementation])</th>
            <th scope="col">\(text[.unAssessedBy])</th><th scope="col">\(text[.unEvidence])</th>
            <th scope="col">\(text[.unNote])</th><th scope="col">\(text[.who])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
