import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// How reparations show on record pages (decision 0032): a claim with its decisions and measures,
/// a decision, a measure, and the claims on a person's page — each only as far as the reader may see
/// the records (the page model holds nothing else).
enum ReparationRecordViews {
    static func claimBody(_ claim: ReparationClaim, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        let harms = claim.harms.map { harm -> HTML in
            let acts = harm.actIDs.map { RecordPageView.link($0, model, text) }
            return
                "<li>\(text.value("rep-harm", harm.type.rawValue))\(acts.isEmpty ? HTML.empty : " — \(HTML(acts, separator: ", "))")</li>"
        }
        let scopes = claim.consent?.consent.scopes.map { text.value("rep-scope", $0.rawValue) } ?? []
        let decisions = (model.referrers[.reparationDecision] ?? []).filter {
            $0.body(as: ReparationDecision.self)?.claimID == model.record.id
        }
        let measures = (model.referrers[.reparationMeasure] ?? []).filter {
            $0.body(as: ReparationMeasure.self)?.claimID == model.record.id
        }
        return """
            <dl class="fields">
            <dt>\(text[.repClaimant])</dt><dd>\(RecordPageView.link(claim.claimantID, model, text))</dd>
            <dt>\(text[.repDirectVictim])</dt><dd>\(RecordPageView.link(claim.directVictimID, model, text))</dd>
            <dt>\(text[.repRelationship])</dt><dd>\(text.value("rep-relationship", claim.relationship.rawValue))</dd>
            <dt>\(text[.repVictimKind])</dt><dd>\(claim.isDirect ? text[.repDirectVictim] : text[.repIndirectVictim])</dd>
            <dt>\(text[.repProgramme])</dt><dd>\(claim.programme ?? "—")</dd>
            <dt>\(text[.repFiledOn])</dt><dd>\(claim.filedOn.map(text.date) ?? "—")</dd>
            <dt>\(text[.repConsent])</dt><dd>\(scopes.isEmpty ? "—" : scopes.joined(separator: ", "))</dd>
            <dt>\(text[.repSharedWith])</dt><dd>\(claim.consent.map { $0.sharedWith.joined(separator: ", ") } ?? "—")</dd>
            </dl>
            \(claim.statement.map { "<h2>\(text[.repStatement])</h2><p>\($0)</p>" as HTML } ?? .empty)
            <h2 id="harms">\(text[.repHarms])</h2>
            \(RecordPageView.list(harms, text))
            <h2 id="decisions">\(text[.repDecisions])</h2>
            \(RecordPageView.list(decisions.map { decisionItem($0, model, text) }, text))
            <h2 id="measures">\(text[.repMeasures])</h2>
            \(measuresTable(measures, text))
            """
    }

    static func decisionItem(_ record: StoredRecord, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        guard let decision = record.body(as: ReparationDecision.self) else { return .empty }
        let reasons = decision.reasons.map { "<li>\($0)</li>" as HTML }
        return """
            <li><a href="\(SiteURL.record(.reparationDecision, record.id).path)">\(decision.decidedOn.iso)</a>:
            <strong>\(text.value("rep-outcome", decision.finalOutcome.rawValue))</strong>
            \(decision.benefits.isEmpty ? "" : "(" + decision.benefits.joined(separator: ", ") + ")")
            — \(RecordPageView.link(decision.rulesID, model, text)), \(text.format(.repRulesVersion, String(decision.rulesVersion)))
            \(decision.appeal.map { appeal($0, text) } ?? .empty)
            <details><summary>\(text[.repReasons])</summary><ul>\(reasons)</ul></details></li>
            """
    }

    static func appeal(_ appeal: ReparationDecision.Appeal, _ text: Localizer) -> HTML {
        let result = appeal.result.map { text.value("rep-appeal", $0.rawValue) } ?? "…"
        return " · \(text[.repAppeal]): \(appeal.filedOn.map(text.date) ?? "") \(result)"
    }

    static func measuresTable(_ records: [StoredRecord], _ text: Localizer) -> HTML {
        let rows = records.compactMap { record -> HTML? in
            guard let measure = record.body(as: ReparationMeasure.self) else { return nil }
            return """
                <tr><td><a href="\(SiteURL.record(.reparationMeasure, record.id).path)">\(text.value("rep-form", measure.form.rawValue))</a></td>
                <td>\(measure.provider) (\(text.value("rep-provider", measure.providerType.rawValue)))</td>
                <td>\(measure.acknowledgedResponsibility ? text[.repYes] : text[.repNo])</td>
                <td>\(measure.amount.map { amount($0) + " " + (measure.unit ?? "") } ?? "—")</td>
                <td>\(history(measure, text))</td></tr>
                """
        }
        guard !rows.isEmpty else { return "<p>\(text[.nothingYet])</p>" }
        return """
            <table><thead><tr><th scope="col">\(text[.repForm])</th><th scope="col">\(text[.repProvider])</th>
            <th scope="col">\(text[.repAcknowledged])</th><th scope="col">\(text[.repAmount])</th>
            <th scope="col">\(text[.repStatus])</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    static func history(_ measure: ReparationMeasure, _ text: Localizer) -> String {
        measure.history.map { entry in
            text.value("rep-status", entry.status.rawValue) + (entry.date.map { " " + text.date($0) } ?? "")
        }.joined(separator: " → ")
    }

    static func amount(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func decisionBody(_ decision: ReparationDecision, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        let reasons = decision.reasons.map { "<li>\($0)</li>" as HTML }
        return """
            <dl class="fields">
            <dt>\(text.value("kind", RecordKind.claim.rawValue))</dt><dd>\(RecordPageView.link(decision.claimID, model, text))</dd>
            <dt>\(text[.repRules])</dt><dd>\(RecordPageView.link(decision.rulesID, model, text)), \(text.format(.repRulesVersion, String(decision.rulesVersion)))</dd>
            <dt>\(text[.repDecidedOn])</dt><dd>\(decision.decidedOn.iso)</dd>
            <dt>\(text[.repOutcome])</dt><dd>\(text.value("rep-outcome", decision.outcome.rawValue))</dd>
            <dt>\(text[.repBenefits])</dt><dd>\(decision.benefits.isEmpty ? "—" : decision.benefits.joined(separator: ", "))</dd>
            <dt>\(text[.repAppeal])</dt><dd>\(decision.appeal.map { appeal($0, text) } ?? "—")</dd>
            </dl>
            <h2>\(text[.repReasons])</h2><ul>\(reasons)</ul>
            \(decision.note.map { "<p>\($0)</p>" as HTML } ?? .empty)
            """
    }

    static func measureBody(_ measure: ReparationMeasure, _ model: RecordPageModel, _ text: Localizer) -> HTML {
        """
        <dl class="fields">
        <dt>\(text.value("kind", RecordKind.claim.rawValue))</dt><dd>\(RecordPageView.link(measure.claimID, model, text))</dd>
        <dt>\(text[.repForm])</dt><dd>\(text.value("rep-form", measure.form.rawValue))</dd>
        <dt>\(text[.repProvider])</dt><dd>\(measure.provider) (\(text.value("rep-provider", measure.providerType.rawValue)))</dd>
        <dt>\(text[.repAcknowledged])</dt><dd>\(measure.acknowledgedResponsibility ? text[.repYes] : text[.repNo])</dd>
        <dt>\(text[.repAmount])</dt><dd>\(measure.amount.map { amount($0) + " " + (measure.unit ?? "") } ?? "—")</dd>
        <dt>\(text[.repStatus])</dt><dd>\(history(measure, text))</dd>
        </dl>
        \(measure.description.map { "<p>\($0)</p>" as HTML } ?? .empty)
        """
    }

    /// The claims made by or for a person, each with its latest decision and its measures.
    static func personSection(_ model: RecordPageModel, _ text: Localizer) -> HTML {
        let claims = model.referrers[.claim] ?? []
        guard !claims.isEmpty else { return .empty }
        let decisions = model.referrers[.reparationDecision] ?? []
        let measures = model.referrers[.reparationMeasure] ?? []
        let rows = claims.compactMap { record -> HTML? in
            guard let claim = record.body(as: ReparationClaim.self) else { return nil }
            let latest = decisions.compactMap { $0.body(as: ReparationDecision.self) }.filter {
                $0.claimID == record.id
            }.max { $0.decidedOn < $1.decidedOn }
            let own = measures.compactMap { $0.body(as: ReparationMeasure.self) }.filter { $0.claimID == record.id }
            return """
                <tr><td><a href="\(SiteURL.record(.claim, record.id).path)">\(claim.harms.map { text.value("rep-harm", $0.type.rawValue) }.joined(separator: ", "))</a></td>
                <td>\(RecordPageView.link(claim.claimantID, model, text)) (\(text.value("rep-relationship", claim.relationship.rawValue)))</td>
                <td>\(claim.filedOn.map(text.date) ?? "—")</td>
                <td>\(latest.map { text.value("rep-outcome", $0.finalOutcome.rawValue) + ($0.benefits.isEmpty ? "" : " (" + $0.benefits.joined(separator: ", ") + ")") } ?? "—")</td>
                <td>\(own.map { text.value("rep-form", $0.form.rawValue) + ": " + history($0, text) }.joined(separator: "; "))</td></tr>
                """
        }
        return """
            <h2 id="reparations">\(text[.repClaims])</h2>
            <table aria-labelledby="reparations"><thead><tr><th scope="col">\(text[.repHarms])</th>
            <th scope="col">\(text[.repClaimant])</th><th scope="col">\(text[.repFiledOn])</th>
            <th scope="col">\(text[.repOutcome])</th><th scope="col">\(text[.repMeasures])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
