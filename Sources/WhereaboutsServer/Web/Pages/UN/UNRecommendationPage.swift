import Foundation
import WhereaboutsDocuments
import WhereaboutsStore

/// One recommendation: its text, who made it and to whom, where it stands, its responses over time
/// and the records that show its (non-)implementation — those the reader may see. A writer links a
/// record to it from here.
struct UNRecommendationModel: Sendable {
    let tracked: TrackedUNRecommendation
    let linked: [UNLinkedRecord]
}

enum UNRecommendationView {
    static func render(_ model: UNRecommendationModel, text: Localizer, csrf: String?, error: String? = nil) -> HTML {
        let item = model.tracked
        let recommendation = item.recommendation
        let citation = "\(item.symbol), para. \(recommendation.number.replacingOccurrences(of: "(", with: " ("))"
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
        let form: HTML =
            csrf.map { csrf in
                """
                <form method="post" action="\(SiteURL.unLink.path)" class="stacked">
                <input type="hidden" name="csrf" value="\(csrf)">
                <input type="hidden" name="symbol" value="\(item.symbol.description)">
                <input type="hidden" name="number" value="\(recommendation.number)">
                <fieldset><legend>\(text[.unLinkRecord])</legend>
                \(WebController.alert(error))
                <div><label for="un-record">\(text[.unRecordID])</label>
                <input id="un-record" name="record" required maxlength="100" aria-describedby="un-record-hint">
                <p id="un-record-hint" class="hint">\(text[.unRecordHint])</p></div>
                <div><label for="un-note">\(text[.unNote])</label><input id="un-note" name="note" maxlength="500"></div>
                <div><button type="submit">\(text[.unLinkButton])</button></div>
                </fieldset></form>
                """
            } ?? .empty
        return """
            <p class="kind">\(text[.unRecommendation])</p>
            <h1>\(item.symbol.description) \(recommendation.number)</h1>
            <blockquote><p>\(recommendation.text)</p></blockquote>
            <dl class="fields">
            <dt>\(text[.unCiteAs])</dt><dd><cite>\(citation)</cite></dd>
            <dt>\(text[.unDocument])</dt><dd><a href="\(SiteURL.unDocument(item.symbol).path)#para-\(recommendation.paragraph)">\(item.symbol.description), para. \(recommendation.paragraph)</a></dd>
            \(recommendation.recommendingStates.isEmpty ? HTML.empty : "<dt>\(text[.unRecommendingStates])</dt><dd>\(recommendation.recommendingStates.joined(separator: ", "))</dd>")
            <dt>\(text[.unAddressee])</dt><dd>\(recommendation.addressee)</dd>
            <dt>\(text[.unPosition])</dt><dd>\(item.position.map { text.value("un-position", $0.rawValue) } ?? "—")</dd>
            <dt>\(text[.unThemes])</dt><dd>\(item.themes.map { text.value("un-theme", $0) }.joined(separator: ", "))</dd>
            </dl>
            <section aria-labelledby="responses"><h2 id="responses">\(text[.unResponses])</h2>
            \(responses.isEmpty ? "<p>\(text[.unNoResponses])</p>" as HTML : """
                <table><thead><tr><th scope="col">\(text[.unDate])</th><th scope="col">\(text[.unStage])</th>
                <th scope="col">\(text[.unPosition])</th><th scope="col">\(text[.unClause])</th>
                <th scope="col">\(text[.unSource])</th><th scope="col">\(text[.who])</th></tr></thead>
                <tbody>\(responses)</tbody></table>
                """)
            </section>
            <section aria-labelledby="linked"><h2 id="linked">\(text[.unLinkedRecords])</h2>
            \(linked.isEmpty ? "<p>\(text[.unNoLinks])</p>" as HTML : "<ul>\(linked)</ul>")
            \(form)
            </section>
            """
    }
}
