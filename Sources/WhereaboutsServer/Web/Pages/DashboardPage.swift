import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsStore

/// What the dashboard shows: counts of what the reader may see, and the latest changes.
struct DashboardModel: Sendable {
    let recordCounts: [RecordKind: Int]
    /// Acts by top-level violation type, largest first.
    let violations: [(term: VocabularyTerm?, code: String, count: Int)]
    /// Persons by current fate, largest first.
    let fates: [(status: FateEntry.Status, count: Int)]
    let recent: [RecentChange]
    let vocabulary: VocabularyIndex
    /// The latest estimate this reader's reach of access made on the Estimates page, if any.
    let estimate: LatestEstimates.Entry?

    static func load(
        _ store: SQLRecordStore, access: RecordAccess, estimate: LatestEstimates.Entry? = nil
    ) async throws -> DashboardModel {
        let vocabulary = store.vocabularyIndex
        let byType = try await store.facetCounts(.violationType, kind: .act, access: access)
        let topLevel = byType.compactMap { code, count -> (VocabularyTerm?, String, Int)? in
            let term = vocabulary.term(.violationTypes, code)
            guard term?.parentCode == nil else { return nil }
            return (term, code, count)
        }.sorted { ($0.2, $1.1) > ($1.2, $0.1) }
        let fates = try await store.facetCounts(.fate, kind: .person, access: access)
            .compactMap { raw, count in FateEntry.Status(rawValue: raw).map { ($0, count) } }
            .sorted { ($0.1, $1.0.rawValue) > ($1.1, $0.0.rawValue) }
        return DashboardModel(
            recordCounts: try await store.counts(access: access), violations: topLevel, fates: fates,
            recent: try await store.recentChanges(access: access, limit: 12), vocabulary: vocabulary,
            estimate: estimate)
    }
}

enum DashboardView {
    static func render(_ model: DashboardModel, text: Localizer) -> HTML {
        let violationItems = model.violations.map { (label: text.label($0.term, code: $0.code), value: $0.count) }
        let fateItems = model.fates.map { (label: text.value("fate", $0.status.rawValue), value: $0.count) }
        let counts = RecordKind.allCases.filter { (model.recordCounts[$0] ?? 0) > 0 }.map { kind -> HTML in
            "<tr><th scope=\"row\">\(text.value("kind", kind.rawValue))</th><td>\(model.recordCounts[kind] ?? 0)</td></tr>"
        }
        let recent = model.recent.map { change -> HTML in
            // An act's title is its violation type's code: show the type's label instead.
            let title =
                change.kind == .act
                ? text.label(model.vocabulary.term(.violationTypes, change.title), code: change.title) : change.title
            return """
                <tr><td>\(text.timestamp(change.changedAt))</td>
                <td>\(text.value("kind", change.kind.rawValue))</td>
                <td><a href="\(SiteURL.record(change.kind, change.id).path)">\(title)</a></td>
                <td>\(text.value("action", change.action.rawValue)) (v\(change.version))</td>
                <td>\(change.changedBy)</td></tr>
                """
        }
        return """
            <h1>\(text[.dashboardTitle])</h1>
            <form method="get" action="\(SiteURL.search.path)" role="search" class="stacked">
            <div><label for="q">\(text[.searchLabel])</label>
            <input id="q" name="q" type="search" maxlength="500"></div>
            <div><button type="submit">\(text[.searchButton])</button></div>
            </form>
            <div class="grid">
            <section aria-labelledby="by-violation">
            <h2 id="by-violation">\(text[.dashboardByViolation])</h2>
            \(BarChart.svg(violationItems, title: text[.dashboardByViolation]))
            \(table(violationItems, text: text, header: text[.violationType]))
            </section>
            <section aria-labelledby="by-fate">
            <h2 id="by-fate">\(text[.dashboardByFate])</h2>
            \(BarChart.svg(fateItems, title: text[.dashboardByFate]))
            \(table(fateItems, text: text, header: text[.fateStatus]))
            </section>
            </div>
            \(model.estimate.map { EstimatesView.latest($0, text: text) } ?? .empty)
            <section aria-labelledby="records">
            <h2 id="records">\(text[.dashboardRecords])</h2>
            <table><thead><tr><th scope="col">\(text[.recordKind])</th><th scope="col">\(text[.count])</th></tr></thead>
            <tbody>\(counts)</tbody></table>
            </section>
            <section aria-labelledby="recent">
            <h2 id="recent">\(text[.dashboardRecent])</h2>
            <table><thead><tr><th scope="col">\(text[.when])</th><th scope="col">\(text[.recordKind])</th>
            <th scope="col">\(text[.title])</th><th scope="col">\(text[.change])</th><th scope="col">\(text[.who])</th></tr></thead>
            <tbody>\(recent)</tbody></table>
            </section>
            """
    }

    static func table(_ items: [(label: String, value: Int)], text: Localizer, header: String) -> HTML {
        guard !items.isEmpty else { return "<p>\(text[.nothingYet])</p>" }
        let rows = items.map { "<tr><td>\($0.label)</td><td>\($0.value)</td></tr>" as HTML }
        return """
            <table><thead><tr><th scope="col">\(header)</th><th scope="col">\(text[.count])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
