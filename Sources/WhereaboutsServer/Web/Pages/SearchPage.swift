import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsStore

/// The search page: the API's search and filters, with counts by kind as facets.
struct SearchModel: Sendable {
    let query: SearchQuery
    let hits: Page<SearchHit>
    let counts: [RecordKind: Int]
    let violationTerms: [VocabularyTerm]

    static func load(
        _ store: SQLRecordStore, query: SearchQuery, access: RecordAccess
    ) async throws -> SearchModel {
        let filtered =
            !query.text.isEmpty || !query.kinds.isEmpty || !query.facetFilters.isEmpty
            || query.from != nil || query.to != nil
        let hits = filtered ? try await store.search(query, access: access) : Page(items: [], nextCursor: nil)
        let counts = filtered ? try await store.searchCounts(query, access: access) : [:]
        return SearchModel(
            query: query, hits: hits, counts: counts,
            violationTerms: try await store.terms(.violationTypes).sorted {
                ($0.parentCode ?? $0.code, $0.sortOrder) < ($1.parentCode ?? $1.code, $1.sortOrder)
            })
    }

    var isEmptyQuery: Bool {
        query.text.isEmpty && query.kinds.isEmpty && query.facetFilters.isEmpty && query.from == nil && query.to == nil
    }
}

enum SearchView {
    static func render(_ model: SearchModel, text: Localizer, request: Request) -> HTML {
        let query = model.query
        let parameters = request.uri.queryParameters
        func option(_ value: String, _ label: String, selected: Bool) -> HTML {
            "<option value=\"\(value)\"\(selected ? " selected" : "" as HTML)>\(label)</option>"
        }
        let kinds =
            [option("", text[.anyKind], selected: query.kinds.isEmpty)]
            + RecordKind.allCases.map {
                option($0.rawValue, text.value("kind", $0.rawValue), selected: query.kinds == [$0])
            }
        let types =
            [option("", text[.anyViolation], selected: query.violationTypes.isEmpty)]
            + model.violationTerms.map { term in
                let label = (term.parentCode == nil ? "" : "— ") + text.label(term, code: term.code)
                return option(term.code, label, selected: query.violationTypes == [term.code])
            }
        let fates =
            [option("", text[.anyFate], selected: query.fates.isEmpty)]
            + FateEntry.Status.allCases.map {
                option($0.rawValue, text.value("fate", $0.rawValue), selected: query.fates == [$0])
            }
        let facets = RecordKind.allCases.compactMap { kind -> HTML? in
            guard let count = model.counts[kind], count > 0 else { return nil }
            var items = URLComponents()
            items.queryItems = [
                URLQueryItem(name: "q", value: query.text), URLQueryItem(name: "kind", value: kind.rawValue),
            ]
            return
                "<li><a href=\"\(SiteURL.search.path)?\(items.percentEncodedQuery ?? "")\">\(text.value("kind", kind.rawValue))</a> (\(count))</li>"
        }
        let results = model.hits.items.map { hit -> HTML in
            let dates: HTML =
                hit.dateFrom.flatMap { from in
                    Day(iso: from).map { day in " <span class=\"hint\">\(text.day(day, precision: .year))</span>" }
                } ?? .empty
            return """
                <li><span class="kind">\(text.value("kind", hit.kind.rawValue))</span>
                <a href="\(SiteURL.record(hit.kind, hit.id).path)">\(hit.title)</a>\(dates)</li>
                """
        }
        let next: HTML =
            model.hits.nextCursor.map { cursor in
                var items = URLComponents(string: request.uri.description) ?? URLComponents()
                var queryItems = (items.queryItems ?? []).filter { $0.name != "cursor" }
                queryItems.append(URLQueryItem(name: "cursor", value: cursor))
                items.queryItems = queryItems
                return
                    "<p><a href=\"\(SiteURL.search.path)?\(items.percentEncodedQuery ?? "")\" rel=\"next\">\(text[.nextPage])</a></p>"
            } ?? .empty
        let outcome: HTML =
            model.isEmptyQuery
            ? "<p>\(text[.searchPrompt])</p>"
            : results.isEmpty
                ? "<p role=\"status\">\(text[.noResults])</p>"
                : """
                <p role="status">\(text.format(.resultCount, String(model.counts.values.reduce(0, +))))</p>
                <ul class="results" id="results">\(results)</ul>
                \(next)
                """
        return """
            <h1>\(text[.searchTitle])</h1>
            <form method="get" action="\(SiteURL.search.path)" role="search">
            <div><label for="q">\(text[.searchLabel])</label>
            <input id="q" name="q" type="search" value="\(query.text)" maxlength="500"></div>
            <div class="filters">
            <div><label for="kind">\(text[.recordKind])</label><select id="kind" name="kind">\(kinds)</select></div>
            <div><label for="violationType">\(text[.violationType])</label>
            <select id="violationType" name="violationType">\(types)</select></div>
            <div><label for="country">\(text[.country])</label>
            <input id="country" name="country" maxlength="2" value="\(parameters.get("country"))" aria-describedby="country-hint">
            <p class="hint" id="country-hint">\(text[.countryHint])</p></div>
            <div><label for="fate">\(text[.fateStatus])</label><select id="fate" name="fate">\(fates)</select></div>
            <div><label for="from">\(text[.dateFrom])</label>
            <input id="from" name="from" value="\(parameters.get("from"))" maxlength="100" aria-describedby="date-hint"></div>
            <div><label for="to">\(text[.dateTo])</label>
            <input id="to" name="to" value="\(parameters.get("to"))" maxlength="100" aria-describedby="date-hint"></div>
            </div>
            <p class="hint" id="date-hint">\(text[.dateHint])</p>
            <p><button type="submit">\(text[.searchButton])</button></p>
            </form>
            \(facets.isEmpty ? HTML.empty : "<nav aria-label=\"\(text[.facets])\"><h2>\(text[.facets])</h2><ul>\(facets)</ul></nav>")
            <section aria-label="\(text[.results])">
            \(outcome)
            </section>
            """
    }
}
