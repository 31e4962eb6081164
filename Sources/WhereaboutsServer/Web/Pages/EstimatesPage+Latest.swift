import Foundation

extension EstimatesView {
    /// The dashboard's section for the latest estimate a reader's reach of access made: the whole
    /// estimate with its interval next to the observed count, the strata's chart and table when it was split,
    /// when it was made, and a link that makes it again from today's records.
    static func latest(_ entry: LatestEstimates.Entry, text: Localizer) -> HTML {
        let model = entry.model
        let again = SiteURL.estimates.path + "?" + model.query.queryString
        let whole: HTML =
            model.patternTotals.total != nil
            ? summary(model.result.whole.estimate, model: model, text: text) : suppressedNote(text)
        let strata: HTML = model.query.overlap.strata.map { Self.strata(model, by: $0, text: text) } ?? .empty
        return """
            <section aria-labelledby="latest-estimate">
            <h2 id="latest-estimate">\(text[.dashboardEstimate])</h2>
            <p class="hint">\(text.format(.dashboardEstimateMade, text.timestamp(ISO8601DateFormatter().string(from: entry.madeAt))))
            <a href="\(again)">\(text[.dashboardEstimateAgain])</a></p>
            \(whole)
            \(strata)
            </section>
            """
    }
}
