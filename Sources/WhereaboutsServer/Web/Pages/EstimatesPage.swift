import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsEstimation
import WhereaboutsOperations
import WhereaboutsStore

/// What the Estimates page is asked for: how lists are made, what to split by, which model. Read
/// from the query string; anything else is refused as a bad request, never guessed.
struct EstimatesQuery: Sendable, Equatable {
    var overlap = OverlapQuery()
    var method: EstimationMethod = .loglinearBIC

    /// The methods the page offers (Mth Poisson2 is for capture–recapture occasions, not lists).
    static let methods: [EstimationMethod] = [.loglinearBIC, .loglinearAIC, .latentClass]

    /// The sampler settings of the page: short enough that a page of strata answers in seconds, long
    /// enough for a usable interval; stated on the page. The command line runs as long as asked.
    static let samplerSettings = LatentClassSettings(burnIn: 2_000, samples: 2_000, thinning: 5)

    var request: EstimationRequest { EstimationRequest(method: method, latentClass: Self.samplerSettings) }

    init() {}

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        func parsed<T: RawRepresentable>(_ name: String, _ make: (String) -> T?) throws -> T?
        where T.RawValue == String {
            guard let raw = query[name[...]].map(String.init), !raw.isEmpty else { return nil }
            guard let value = make(raw) else { throw PageError.status(400, .en) }
            return value
        }
        overlap.lists = try parsed("lists", ListGrouping.init(rawValue:)) ?? .sourceType
        overlap.strata = try parsed("strata", Stratification.init(rawValue:))
        method = try parsed("model", EstimationMethod.init(rawValue:)) ?? .loglinearBIC
        guard Self.methods.contains(method) else { throw PageError.status(400, .en) }
    }

    /// The query string that asks for this again (for the download links).
    var queryString: String {
        "lists=\(overlap.lists.rawValue)&strata=\(overlap.strata?.rawValue ?? "")&model=\(method.rawValue)"
    }
}

/// What the Estimates page shows, as it may be published to this reader: the estimate of the whole
/// table and of each stratum, with small cells suppressed (``SmallCells``) in the overlap counts and
/// in the strata's observed counts; a stratum whose count is suppressed shows no figure at all.
struct EstimatesModel: Sendable {
    let query: EstimatesQuery
    let result: StoreEstimate
    /// The whole table's capture patterns holding someone, by number of lists then pattern (never by
    /// count: the order of suppressed cells would tell their size), as published.
    let patterns: [(lists: [String], shown: SmallCells.Cell)]
    let patternTotals: SmallCells.Table
    /// The strata's observed counts as published, in stratum order (same order as `result.strata`).
    let strata: SmallCells.Table
    /// Whether the reader may export: then the tables' hashes and the downloads are shown (a hash of
    /// a small table would let its suppressed cells be found by trying every table).
    let mayExport: Bool
    let vocabulary: VocabularyIndex

    /// Counts below this are suppressed, as in `whereabouts stats`.
    static let threshold = 5

    static func load(
        _ operations: EstimateOperations, _ query: EstimatesQuery, actor: String, access: RecordAccess,
        mayExport: Bool, origin: OperationOrigin
    ) async throws -> EstimatesModel {
        let result = try await operations.estimate(
            query.overlap, query.request, by: actor, access: access, from: origin)
        var patterns: [(lists: [String], count: Int)] = []
        if let table = result.whole.table {
            let order = table.counts.indices.dropFirst().filter { table.counts[$0] > 0 }
                .sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
            patterns = order.map { pattern in
                (table.lists.indices.filter { pattern & (1 << $0) != 0 }.map { table.lists[$0] }, table.counts[pattern])
            }
        }
        let published = SmallCells.publish(
            patterns.map { (label: $0.lists.joined(separator: " + "), count: $0.count) }, threshold: threshold)
        let strata = SmallCells.publish(
            result.strata.map { (label: $0.stratum ?? "", count: $0.estimate.observed) }, threshold: threshold)
        return EstimatesModel(
            query: query, result: result, patterns: zip(patterns, published.cells).map { ($0.lists, $1) },
            patternTotals: published, strata: strata, mayExport: mayExport, vocabulary: operations.store.vocabularyIndex
        )
    }
}

enum EstimatesView {
    static func render(_ model: EstimatesModel, text: Localizer) -> HTML {
        let whole = model.result.whole.estimate
        let wholeShown = model.patternTotals.total != nil
        return """
            <h1>\(text[.estimatesTitle])</h1>
            <p>\(text[.estimatesIntro])</p>
            \(form(model.query, text: text))
            <section aria-labelledby="whole">
            <h2 id="whole">\(text[.estimatesWhole])</h2>
            \(wholeShown ? summary(whole, model: model, text: text) : suppressedNote(text))
            </section>
            \(model.query.overlap.strata.map { strata(model, by: $0, text: text) } ?? .empty)
            <section aria-labelledby="overlap">
            <h2 id="overlap">\(text[.estimatesOverlap])</h2>
            <p class="hint">\(text.format(.estimatesSuppression, String(EstimatesModel.threshold)))</p>
            \(EstimateCharts.upSet(model, text: text))
            \(overlapTable(model, text: text))
            </section>
            \(reproduce(model, text: text))
            """
    }

    static func form(_ query: EstimatesQuery, text: Localizer) -> HTML {
        func options<T: RawRepresentable>(_ values: [T], selected: T?, group: String) -> HTML
        where T.RawValue == String {
            HTML(
                values.map { value in
                    let mark: HTML = value.rawValue == selected?.rawValue ? " selected" : ""
                    return "<option value=\"\(value.rawValue)\"\(mark)>\(text.value(group, value.rawValue))</option>"
                })
        }
        let noStrata: HTML = query.overlap.strata == nil ? " selected" : ""
        return """
            <form method="get" action="\(SiteURL.estimates.path)" class="filters" aria-label="\(text[.estimatesTitle])">
            <div><label for="lists">\(text[.estimatesLists])</label>
            <select id="lists" name="lists">\(options(ListGrouping.allCases, selected: query.overlap.lists, group: "estimate-lists"))</select></div>
            <div><label for="strata">\(text[.estimatesStrata])</label>
            <select id="strata" name="strata"><option value=""\(noStrata)>\(text[.estimatesNoStrata])</option>\(options(Stratification.allCases, selected: query.overlap.strata, group: "estimate-strata"))</select></div>
            <div><label for="model">\(text[.estimatesModel])</label>
            <select id="model" name="model">\(options(EstimatesQuery.methods, selected: query.method, group: "estimate-method"))</select></div>
            <div><button type="submit">\(text[.estimatesShow])</button></div>
            </form>
            """
    }

    /// One estimate as a list of figures: observed, estimate and interval (or "not estimable" and
    /// why), the model and how it was chosen, warnings.
    static func summary(_ estimate: Estimate, model: EstimatesModel, text: Localizer) -> HTML {
        var rows: [HTML] = ["<dt>\(text[.estimatesObserved])</dt><dd>\(estimate.observed)</dd>"]
        if estimate.status == .estimated {
            rows.append("<dt>\(text[.estimatesEstimate])</dt><dd>\(number(estimate.estimate))</dd>")
            rows.append("<dt>\(text[.estimatesInterval])</dt><dd>\(interval(estimate, text: text))</dd>")
            rows.append("<dt>\(text[.estimatesChosen])</dt><dd lang=\"en\">\(estimate.model)</dd>")
        } else {
            rows.append(
                "<dt>\(text[.estimatesEstimate])</dt><dd><strong>\(text[.estimatesNotEstimable])</strong> <span lang=\"en\">\(estimate.reason)</span></dd>"
            )
        }
        let shown = warnings(estimate, model: model)
        let warnings: HTML =
            shown.isEmpty
            ? .empty
            : "<div class=\"notice\"><p>\(text[.estimatesWarnings])</p><ul lang=\"en\">\(shown.map { "<li>\($0)</li>" as HTML })</ul></div>"
        return "<dl class=\"fields\">\(rows)</dl>\(warnings)"
    }

    static func strata(_ model: EstimatesModel, by strata: Stratification, text: Localizer) -> HTML {
        let rows = zip(model.result.strata, model.strata.cells).map { part, shown -> HTML in
            let label = stratumLabel(part.stratum, strata, model: model, text: text)
            guard !shown.suppressed else {
                return "<tr><th scope=\"row\">\(label)</th><td colspan=\"4\">\(text[.estimatesSuppressed])</td></tr>"
            }
            let estimate = part.estimate
            guard estimate.status == .estimated else {
                return
                    "<tr><th scope=\"row\">\(label)</th><td>\(estimate.observed)</td><td colspan=\"3\"><strong>\(text[.estimatesNotEstimable])</strong> <span lang=\"en\">\(estimate.reason)</span></td></tr>"
            }
            return """
                <tr><th scope="row">\(label)</th><td>\(estimate.observed)</td><td>\(number(estimate.estimate))</td>
                <td>\(interval(estimate, text: text))</td><td lang="en">\(([estimate.model] + warnings(estimate, model: model)).joined(separator: "; "))</td></tr>
                """
        }
        return """
            <section aria-labelledby="by-stratum">
            <h2 id="by-stratum">\(text.format(.estimatesByStratum, text.value("estimate-strata", strata.rawValue)))</h2>
            \(EstimateCharts.intervals(model, by: strata, text: text))
            <table><caption>\(text[.estimatesStrataTable])</caption>
            <thead><tr><th scope="col">\(text.value("estimate-strata", strata.rawValue))</th><th scope="col">\(text[.estimatesObserved])</th>
            <th scope="col">\(text[.estimatesEstimate])</th><th scope="col">\(text[.estimatesInterval])</th><th scope="col">\(text[.estimatesChosen])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </section>
            """
    }

    static func overlapTable(_ model: EstimatesModel, text: Localizer) -> HTML {
        guard !model.patterns.isEmpty else { return "<p>\(text[.nothingYet])</p>" }
        let rows = model.patterns.map { pattern -> HTML in
            "<tr><td>\(pattern.lists.map { listLabel($0, model: model, text: text) }.joined(separator: " + "))</td><td>\(shown(pattern.shown.count, text: text))</td></tr>"
        }
        return """
            <table><caption>\(text[.estimatesOverlapTable])</caption>
            <thead><tr><th scope="col">\(text[.estimatesPattern])</th><th scope="col">\(text[.count])</th></tr></thead>
            <tbody>\(rows)</tbody>
            <tfoot><tr><th scope="row">\(text[.estimatesSuppressedCells])</th><td>\(shown(model.patternTotals.remainder, text: text))</td></tr>
            <tr><th scope="row">\(text[.estimatesObserved])</th><td>\(shown(model.patternTotals.total, text: text))</td></tr></tfoot>
            </table>
            """
    }

    /// How to make the same figures again: the linkage, the seed and settings, and for those who may
    /// export, each table's hash and the downloads.
    static func reproduce(_ model: EstimatesModel, text: Localizer) -> HTML {
        let result = model.result
        let settings = EstimatesQuery.samplerSettings
        var rows: [HTML] = [
            "<dt>\(text[.estimatesLinkage])</dt><dd>\(text.format(.estimatesDecisions, String(result.decisionsApplied), String(result.decisionsInConflict)))\(result.personsListedTwice > 0 ? "<p class=\"notice\">\(text.format(.estimatesListedTwice, String(result.personsListedTwice)))</p>" as HTML : .empty)</dd>",
            "<dt>\(text[.estimatesSeed])</dt><dd>\(String(settings.seed))</dd>",
        ]
        if model.query.method == .latentClass {
            rows.append(
                "<dt>\(text[.estimatesSettings])</dt><dd>\(text.format(.estimatesSamplerSettings, String(settings.classes), String(settings.burnIn), String(settings.samples), String(settings.thinning)))</dd>"
            )
        }
        guard model.mayExport else {
            rows.append("<dt>\(text[.estimatesHash])</dt><dd>\(text[.estimatesHashHidden])</dd>")
            return
                "<section aria-labelledby=\"reproduce\"><h2 id=\"reproduce\">\(text[.estimatesReproduce])</h2><dl class=\"fields\">\(rows)</dl></section>"
        }
        let hashes = ([result.whole] + result.strata).filter { !$0.estimate.tableHash.isEmpty }.map { part -> HTML in
            "<li>\(part.stratum ?? text[.estimatesWhole]): <code class=\"hash\">\(part.estimate.tableHash)</code></li>"
        }
        rows.append("<dt>\(text[.estimatesHash])</dt><dd><ul class=\"plain\">\(hashes)</ul></dd>")
        let query = model.query.queryString
        rows.append(
            "<dt>\(text[.estimatesDownloads])</dt><dd><a href=\"\(SiteURL.estimatesOverlapCSV.path)?\(query)\">\(text[.estimatesDownloadCSV])</a> · <a href=\"\(SiteURL.estimatesJSON.path)?\(query)\">\(text[.estimatesDownloadJSON])</a></dd>"
        )
        return
            "<section aria-labelledby=\"reproduce\"><h2 id=\"reproduce\">\(text[.estimatesReproduce])</h2><dl class=\"fields\">\(rows)</dl></section>"
    }

    /// The estimate's warnings as this reader may see them: a warning naming how few persons a list
    /// holds tells a small count, so readers who may not export are told only that some list is small.
    static func warnings(_ estimate: Estimate, model: EstimatesModel) -> [String] {
        guard !model.mayExport else { return estimate.warnings }
        let small = estimate.warnings.filter { $0.hasPrefix("list ") && $0.contains(" holds only ") }
        let others = estimate.warnings.filter { !small.contains($0) }
        return others + (small.isEmpty ? [] : ["some lists hold fewer than \(Estimator.smallList) persons"])
    }

    static func suppressedNote(_ text: Localizer) -> HTML { "<p>\(text[.estimatesSuppressed])</p>" }

    static func shown(_ count: Int?, text: Localizer) -> String { count.map(String.init) ?? text[.estimatesSuppressed] }

    /// A figure rounded to whole persons (an absurd one, from a model at its boundary, in powers of ten).
    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return abs(value) < 1e9 ? String(format: "%.0f", value) : String(format: "%.2e", value)
    }

    static func interval(_ estimate: Estimate, text: Localizer) -> String {
        guard let lower = estimate.lower else { return "" }
        return "\(number(lower)) – \(estimate.upper.map { number($0) } ?? text[.estimatesUnbounded])"
    }

    static func stratumLabel(_ value: String?, _ strata: Stratification, model: EstimatesModel, text: Localizer)
        -> String
    {
        guard let value, value != Stratification.unknown else { return text[.estimatesUnknown] }
        switch strata {
        case .sex: return text.value("sex", value)
        case .violation: return text.label(model.vocabulary.term(.violationTypes, value), code: value)
        case .year, .nationality, .place: return value
        }
    }

    static func listLabel(_ list: String, model: EstimatesModel, text: Localizer) -> String {
        model.query.overlap.lists == .sourceType ? text.value("source-type", list) : list
    }
}
