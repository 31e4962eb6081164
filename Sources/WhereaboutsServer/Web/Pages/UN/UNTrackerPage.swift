import Foundation
import Hummingbird
import WhereaboutsDocuments
import WhereaboutsStore

/// The UN documents held and the recommendation tracker: recommendations filtered by document,
/// UPR cycle, theme, recommending State, position and implementation on a chosen day, counted by
/// position and by implementation (charts and tables), and the selection as CSV or JSON.
struct UNTrackerModel: Sendable {
    let documents: [UNDocumentSummary]
    let filter: UNRecommendationFilter
    let day: String?
    let recommendations: [TrackedUNRecommendation]
    let counts: UNTrackerCounts
    /// Every theme, State and cycle met in the recommendations held, for the filters.
    let themes: [String]
    let states: [String]
    let cycles: [Int]

    /// The most rows the page lists; the counts cover every recommendation selected.
    static let shown = 300

    /// The filters and the day a tracker's query asks for; what is not understood is not applied.
    static func selection(_ request: Request) -> (filter: UNRecommendationFilter, day: String?) {
        let query = request.uri.queryParameters
        func value(_ name: String) -> String? {
            query.get(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        let day = value("on").flatMap {
            $0.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil ? $0 : nil
        }
        let implementation = value("implementation").flatMap {
            UNImplementation.filterValues.contains($0) ? $0 : nil
        }
        let filter = UNRecommendationFilter(
            symbol: value("symbol").flatMap(UNSymbol.init), theme: value("theme"), state: value("state"),
            position: value("position").flatMap(UNPosition.init(rawValue:)), implementation: implementation,
            cycle: value("cycle").flatMap { Int($0) })
        return (filter, day)
    }

    static func load(_ store: SQLRecordStore, request: Request) async throws -> UNTrackerModel {
        let (filter, day) = selection(request)
        // Every recommendation once: the filters' choices come from all, the list from those selected.
        let all = try await store.unRecommendations(UNRecommendationFilter(), on: day)
        var heldSymbol: UNSymbol?
        if let symbol = filter.symbol { heldSymbol = try await store.heldUNSymbol(symbol) ?? symbol }
        let selected = all.filter { item in (heldSymbol.map { item.symbol == $0 } ?? true) && filter.selects(item) }
        return UNTrackerModel(
            documents: try await store.unDocuments(), filter: filter, day: day, recommendations: selected,
            counts: UNTrackerCounts(selected), themes: Array(Set(all.flatMap(\.themes))).sorted(),
            states: Array(Set(all.flatMap(\.recommendation.recommendingStates))).sorted(),
            cycles: Array(Set(all.compactMap(\.cycle))).sorted())
    }

    /// The tracker's query string for this selection (`symbol=…&theme=…`), for links to its exports.
    var query: String {
        let pairs: [(String, String?)] = [
            ("symbol", filter.symbol?.description), ("cycle", filter.cycle.map(String.init)), ("theme", filter.theme),
            ("state", filter.state), ("position", filter.position?.rawValue),
            ("implementation", filter.implementation), ("on", day),
        ]
        return pairs.compactMap { name, value in value.map { name + "=" + SiteURL.query($0) } }.joined(separator: "&")
    }
}

enum UNTrackerView {
    static func render(_ model: UNTrackerModel, text: Localizer) -> HTML {
        let documents = model.documents.map { document -> HTML in
            """
            <tr><td><a href="\(SiteURL.unDocument(document.symbol).path)">\(document.symbol.description)</a></td>
            <td>\(document.title)</td><td>\(text.value("un-kind", document.kind.rawValue))</td>
            <td>\(document.issued)</td><td class="number">\(document.paragraphs)</td>
            <td class="number">\(document.recommendations)</td></tr>
            """
        }
        let positions = UNPosition.allCases.compactMap { position in
            model.counts.byPosition[position].map { (label: text.value("un-position", position.rawValue), value: $0) }
        }
        let implementations = UNImplementation.filterValues.compactMap {
            value in
            model.counts.byImplementation[value].map { (label: text.value("un-implementation", value), value: $0) }
        }
        let rows = model.recommendations.prefix(UNTrackerModel.shown).map { item -> HTML in
            let recommendation = item.recommendation
            return """
                <tr><td><a href="\(SiteURL.unRecommendation(item.symbol, recommendation.number).path)">\(item.symbol.description) \(recommendation.number)</a></td>
                <td>\(recommendation.recommendingStates.joined(separator: ", "))</td>
                <td>\(item.position.map { text.value("un-position", $0.rawValue) })</td>
                <td>\(text.value("un-implementation", item.implementation?.rawValue ?? UNImplementation.notAssessed))</td>
                <td>\(item.themes.map { text.value("un-theme", $0) }.joined(separator: ", "))</td>
                <td>\(String(recommendation.text.prefix(180)) + (recommendation.text.count > 180 ? "…" : ""))</td></tr>
                """
        }
        let more: HTML =
            model.recommendations.count > UNTrackerModel.shown
            ? "<p class=\"hint\">\(text.format(.unShownOf, String(UNTrackerModel.shown), String(model.recommendations.count)))</p>"
            : .empty
        let documentsSection: HTML =
            model.documents.isEmpty
            ? "<p>\(text[.unNoDocuments])</p>"
            : """
            <table><thead><tr><th scope="col">\(text[.unSymbol])</th><th scope="col">\(text[.title])</th>
            <th scope="col">\(text[.unKind])</th><th scope="col">\(text[.unIssued])</th>
            <th scope="col">\(text[.unParagraphs])</th><th scope="col">\(text[.unRecommendations])</th></tr></thead>
            <tbody>\(documents)</tbody></table>
            """
        return """
            <h1>\(text[.unTitle])</h1>
            <section aria-labelledby="un-documents"><h2 id="un-documents">\(text[.unDocuments])</h2>
            \(documentsSection)
            </section>
            <section aria-labelledby="un-tracker"><h2 id="un-tracker">\(text[.unTracker])</h2>
            \(filterForm(model, text: text))
            <p>\(text.format(.unSelected, String(model.recommendations.count)))</p>
            <p><a href="\(SiteURL.unExport("csv").path)?\(model.query)" download>\(text[.unExportCSV])</a> ·
            <a href="\(SiteURL.unExport("json").path)?\(model.query)" download>\(text[.unExportJSON])</a></p>
            \(counted(positions, title: text[.unByPosition], column: text[.unPosition], text: text))
            \(counted(implementations, title: text[.unByImplementation], column: text[.unImplementation], text: text))
            <table><caption>\(text[.unRecommendations])</caption><thead><tr><th scope="col">\(text[.unRecommendation])</th>
            <th scope="col">\(text[.unRecommendingStates])</th><th scope="col">\(text[.unPosition])</th>
            <th scope="col">\(text[.unImplementation])</th>
            <th scope="col">\(text[.unThemes])</th><th scope="col">\(text[.unText])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            \(more)
            </section>
            """
    }

    /// A chart and the table of the same counts, for those who read rather than look.
    static func counted(_ items: [(label: String, value: Int)], title: String, column: String, text: Localizer) -> HTML
    {
        let rows = items.map {
            "<tr><th scope=\"row\">\($0.label)</th><td class=\"number\">\($0.value)</td></tr>" as HTML
        }
        return """
            \(BarChart.svg(items, title: title))
            <table><caption>\(title)</caption><thead><tr><th scope="col">\(column)</th>
            <th scope="col">\(text[.count])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    static func filterForm(_ model: UNTrackerModel, text: Localizer) -> HTML {
        func select(_ name: String, _ label: UIText, _ options: [(value: String, label: String)], _ chosen: String?)
            -> HTML
        {
            let choices = options.map { option -> HTML in
                let selected: HTML = option.value == chosen ? " selected" : ""
                return "<option value=\"\(option.value)\"\(selected)>\(option.label)</option>"
            }
            return """
                <div><label for="un-\(name)">\(text[label])</label>
                <select id="un-\(name)" name="\(name)"><option value="">\(text[.unAll])</option>\(choices)</select></div>
                """
        }
        return """
            <form method="get" action="\(SiteURL.unTracker.path)" class="stacked filters">
            \(select("symbol", .unSymbol, model.documents.map { ($0.symbol.description, $0.symbol.description) }, model.filter.symbol?.description))
            \(select("cycle", .unCycle, model.cycles.map { (String($0), text.format(.unCycleNumber, String($0))) }, model.filter.cycle.map(String.init)))
            \(select("theme", .unThemes, model.themes.map { ($0, text.value("un-theme", $0)) }, model.filter.theme))
            \(select("state", .unRecommendingStates, model.states.map { ($0, $0) }, model.filter.state))
            \(select("position", .unPosition, UNPosition.allCases.map { ($0.rawValue, text.value("un-position", $0.rawValue)) }, model.filter.position?.rawValue))
            \(select("implementation", .unImplementation, UNImplementation.filterValues.map { ($0, text.value("un-implementation", $0)) }, model.filter.implementation))
            <div><label for="un-on">\(text[.unOnDay])</label>
            <input id="un-on" name="on" type="date" value="\(model.day)"></div>
            <div><button type="submit">\(text[.unFilter])</button></div>
            </form>
            """
    }
}
