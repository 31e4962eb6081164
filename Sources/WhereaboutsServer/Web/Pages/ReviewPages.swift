import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// The review queue: pairs of person records that may be one person, the most uncertain first, the
/// two records side by side in every script they were written in, with why they were proposed.
/// Reviewers decide "same person", "not the same" or "unsure"; a decision changes no record, is
/// audited, and can be changed later from the lists of decided pairs.
extension WebController {
    /// Which list the page shows.
    enum ReviewList: String, CaseIterable {
        case queue, tracing, same, different

        var statuses: Set<MatchProposal.Status> {
            switch self {
            case .queue, .tracing: [.proposed, .unsure]
            case .same: [.same]
            case .different: [.different]
            }
        }

        /// Only pairs proposed for a family's tracing request, or all.
        var origin: MatchProposal.Origin? { self == .tracing ? .tracing : nil }

        var label: UIText {
            switch self {
            case .queue: .reviewQueue
            case .tracing: .reviewTracing
            case .same: .reviewDecidedSame
            case .different: .reviewDecidedDifferent
            }
        }
    }

    static let reviewPageSize = 20

    func registerReviewPages(on router: Router<AppRequestContext>) {
        let reviewers = router.group(context: SignedInPage<CanReviewMatches>.self)
        reviewers.get(RouterPath(SiteURL.review.path)) { request, context in
            let list = request.uri.queryParameters.get("list").flatMap(ReviewList.init(rawValue:)) ?? .queue
            let after = request.uri.queryParameters.get("after", as: Int.self)
            return try await reviewPage(request, context, list: list, after: after)
        }
        reviewers.post("/review/:id") { request, context in
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            guard let id = context.parameters.get("id", as: Int.self),
                let status = form["decision"].flatMap(MatchProposal.Status.init(rawValue:)),
                let reviewer = Reviewer(account: context.account, noting: context.caller.identityReads)
            else { throw PageError.status(400, context.language) }
            do {
                _ = try await matchOperations.decide(
                    id, status: status, by: reviewer, from: Self.origin(context))
            } catch StoreError.invalid(_) {
                throw PageError.status(404, context.language)
            }
            let list = form["list"].flatMap(ReviewList.init(rawValue:)) ?? .queue
            return Response(
                status: .seeOther, headers: [.location: SiteURL.review.path + "?list=\(list.rawValue)#queue"])
        }
    }

    private func reviewPage(
        _ request: Request, _ context: SignedInPage<CanReviewMatches>, list: ReviewList, after: Int?
    ) async throws -> Response {
        let text = context.text
        let proposals = try await store.matchProposals(
            statuses: list.statuses, origin: list.origin, access: context.access, limit: Self.reviewPageSize + 1,
            after: after)
        var items: [HTML] = []
        let shown = Array(proposals.prefix(Self.reviewPageSize))
        let sharedSources = try await matchOperations.sourcesOnBothSides(of: shown, access: context.access)
        for proposal in shown {
            guard let first = try? await store.get(proposal.recordA, kind: .person, access: context.access),
                let second = try? await store.get(proposal.recordB, kind: .person, access: context.access)
            else { continue }
            items.append(
                Self.reviewItem(
                    proposal, first, second, sharedSources: sharedSources[proposal.id] ?? [], list: list,
                    csrf: context.session.csrfToken, text: text))
        }
        let tabs = ReviewList.allCases.map { tab -> HTML in
            let label = text[tab.label]
            let current: HTML = tab == list ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(SiteURL.review.path)?list=\(tab.rawValue)\"\(current)>\(label)</a></li>"
        }
        // The next page starts after this one's last pair (keyset paging: as fast deep in the queue
        // as at its head).
        let more: HTML =
            proposals.count > Self.reviewPageSize
            ? "<p><a rel=\"next\" href=\"\(SiteURL.review.path)?list=\(list.rawValue)&after=\(proposals[Self.reviewPageSize - 1].id)\">\(text[.nextPage])</a></p>"
            : .empty
        let body: HTML = """
            <h1>\(text[.reviewTitle])</h1>
            <p class="hint">\(text[.reviewHint])</p>
            <nav aria-label="\(text[.reviewTitle])"><ul class="tabs">\(tabs)</ul></nav>
            <div id="queue">\(items.isEmpty ? "<p>\(text[.reviewEmpty])</p>" as HTML : HTML(items))</div>
            \(more)
            """
        return context.render(text[.reviewTitle], body, request: request)
    }

    /// A comparator's level in the reader's language; a place level of one country ("same place in
    /// KR", learnt per country) as the plain level with the country's code.
    static func matchLevel(_ level: String, _ text: Localizer) -> String {
        guard let country = level.range(of: #" in [A-Z]{2}$"#, options: .regularExpression) else {
            return text.value("match-level", level)
        }
        return text.value("match-level", String(level[..<country.lowerBound])) + " (\(level.suffix(2)))"
    }

    private static func reviewItem(
        _ proposal: MatchProposal, _ first: StoredRecord, _ second: StoredRecord, sharedSources: [RecordID],
        list: ReviewList, csrf: String, text: Localizer
    ) -> HTML {
        let sameList: HTML =
            sharedSources.isEmpty
            ? .empty
            : """
            <p class="notice">\(text[.reviewSourcesOnBothSides]) \(HTML(sharedSources.enumerated().map { index, source -> HTML in
                "<a href=\"\(SiteURL.record(.source, source).path)\">\(text.value("kind", RecordKind.source.rawValue)) \(index + 1)</a>"
            }, separator: ", "))</p>
            """
        let heading = "match-\(proposal.id)"
        let percent = String(format: "%.1f %%", proposal.probability * 100)
        let reasons = proposal.reasons.map { reason -> HTML in
            let sign = reason.weight >= 0 ? "+" : ""
            return """
                <tr><td>\(text.value("match-field", reason.field))</td><td>\(Self.matchLevel(reason.level, text))</td>
                <td class="number">\(sign + String(format: "%.1f", reason.weight))</td></tr>
                """
        }
        let decided: HTML =
            proposal.decidedBy.map { who in
                "<p>\(text.format(.reviewDecided, text.value("match-status", proposal.status.rawValue), who))</p>"
            } ?? .empty
        let buttons: [(MatchProposal.Status, UIText)] = [
            (.same, .reviewSame), (.different, .reviewDifferent), (.unsure, .reviewUnsure), (.proposed, .reviewReopen),
        ]
        let decisionButtons = buttons.filter { $0.0 != proposal.status }.map { status, label -> HTML in
            "<button type=\"submit\" name=\"decision\" value=\"\(status.rawValue)\">\(text[label])</button>"
        }
        return """
            <article class="match" aria-labelledby="\(heading)">
            <h2 id="\(heading)">\(text[.reviewProbability]): \(percent)
            <small>(\(text.value("match-origin", proposal.origin.rawValue)), \(text.value("match-status", proposal.status.rawValue)))</small></h2>
            <div class="side-by-side">
            \(personColumn(first, label: "A", text: text))
            \(personColumn(second, label: "B", text: text))
            </div>
            <table class="reasons"><caption>\(text[.reviewWhy])</caption>
            <thead><tr><th scope="col">\(text[.reviewField])</th><th scope="col">\(text[.reviewLevel])</th>
            <th scope="col">\(text[.reviewWeight])</th></tr></thead><tbody>\(reasons)</tbody></table>
            \(sameList)
            \(decided)
            <form method="post" action="\(SiteURL.reviewDecision(proposal.id).path)">
            <input type="hidden" name="csrf" value="\(csrf)">
            <input type="hidden" name="list" value="\(list.rawValue)">
            <fieldset><legend>\(text[.reviewDecision])</legend>\(decisionButtons)</fieldset>
            </form>
            </article>
            """
    }

    private static func personColumn(_ record: StoredRecord, label: String, text: Localizer) -> HTML {
        guard let person = record.body(as: Person.self) else { return .empty }
        let names = person.names.map { name -> HTML in
            let script = name.script.map { text.value("script", $0.rawValue) } ?? ""
            let romanisation = name.romanisation.map { " · " + text.value("romanisation", $0.rawValue) } ?? ""
            let lang: HTML = name.language.map { " lang=\"\($0)\"" } ?? .empty
            return "<li><span\(lang)>\(name.full)</span> <small>(\(script + romanisation))</small></li>"
        }
        let fate = person.currentFate.map { text.value("fate", $0.status.rawValue) } ?? "—"
        return """
            <section class="person">
            <h3>\(text[.reviewRecord]) \(label): <a href="\(SiteURL.record(.person, record.id).path)">\(person.title)</a></h3>
            <ul>\(names)</ul>
            <dl class="fields">
            <dt>\(text[.birthDate])</dt><dd>\(person.birthDate.map { $0.text } ?? "—")</dd>
            <dt>\(text[.sex])</dt><dd>\(person.sex.map { text.value("sex", $0.rawValue) } ?? "—")</dd>
            <dt>\(text[.nationalities])</dt><dd>\(person.nationalities.joined(separator: ", "))</dd>
            <dt>\(text[.fateTimeline])</dt><dd>\(fate)</dd>
            </dl>
            </section>
            """
    }
}
