import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// The forms a writer fills in for reparations (decision 0032): a claim on a person's page, and on a
/// claim's page the decision (the rules applied) and a measure. Each posts the session's token.
enum ReparationForms {
    /// A claim for the person whose page it is, by them or by a relative named here, for harms
    /// caused by the person's acts the writer sees.
    static func claim(person: RecordID, acts: [(RecordID, String)], csrf: String, text: Localizer, error: String?)
        -> HTML
    {
        let relationships = ReparationClaim.Relationship.allCases.map { option -> HTML in
            "<option value=\"\(option.rawValue)\"\(option == .child ? " selected" : "")>\(text.value("rep-relationship", option.rawValue))</option>"
        }
        let harms = ReparationClaim.HarmType.allCases.map { harm -> HTML in
            """
            <label><input type="checkbox" name="harm" value="\(harm.rawValue)"\(harm == .disappearance ? " checked" : "")> \(text.value("rep-harm", harm.rawValue))</label>
            """
        }
        let actBoxes = acts.map { id, title -> HTML in
            "<label><input type=\"checkbox\" name=\"act\" value=\"\(id.description)\" checked> \(title)</label>"
        }
        let scopes = Consent.Scope.allCases.map { scope -> HTML in
            """
            <label><input type="checkbox" name="scope" value="\(scope.rawValue)"\(scope == .internalDocumentation ? " checked" : "")> \(text.value("rep-scope", scope.rawValue))</label>
            """
        }
        return """
            <form method="post" action="\(SiteURL.newClaim(person).path)" class="stacked" id="form-claim">
            <input type="hidden" name="csrf" value="\(csrf)">
            <fieldset><legend>\(text[.repNewClaim])</legend>
            \(WebController.alert(error))
            <div><label for="claim-relationship">\(text[.repRelationship])</label>
            <select id="claim-relationship" name="relationship">\(relationships)</select></div>
            <div><label for="claim-claimant">\(text[.repClaimantName])</label>
            <input id="claim-claimant" name="claimant" maxlength="300" aria-describedby="claim-claimant-hint">
            <p id="claim-claimant-hint" class="hint">\(text[.repClaimantHint])</p></div>
            <fieldset><legend>\(text[.repHarms])</legend>\(harms)</fieldset>
            \(actBoxes.isEmpty ? HTML.empty : "<fieldset><legend>\(text[.repActs])</legend>\(actBoxes)</fieldset>")
            <div><label for="claim-programme">\(text[.repProgramme])</label><input id="claim-programme" name="programme" maxlength="500"></div>
            <div><label for="claim-filed">\(text[.repFiledOn])</label><input id="claim-filed" name="filed" type="date"></div>
            <fieldset><legend>\(text[.repConsent])</legend>\(scopes)</fieldset>
            <div><label for="claim-shared">\(text[.repSharedWith])</label><input id="claim-shared" name="shared-with" maxlength="300"></div>
            <div><button type="submit">\(text[.repClaimButton])</button></div>
            </fieldset></form>
            """
    }

    /// The rules applied to the claim (a rule set's current version), on a day.
    static func decide(claim: RecordID, rules: [(RecordID, String)], csrf: String, text: Localizer) -> HTML {
        guard !rules.isEmpty else { return "<p class=\"hint\">\(text[.repNoRules])</p>" }
        let options = rules.map { id, name -> HTML in "<option value=\"\(id.description)\">\(name)</option>" }
        return """
            <form method="post" action="\(SiteURL.decideClaim(claim).path)" class="stacked" id="form-decision">
            <input type="hidden" name="csrf" value="\(csrf)">
            <fieldset><legend>\(text[.repDecide])</legend>
            <div><label for="decision-rules">\(text[.repRules])</label><select id="decision-rules" name="rules">\(options)</select></div>
            <div><label for="decision-date">\(text[.repDecidedOn])</label><input id="decision-date" name="date" type="date" required></div>
            <div><button type="submit">\(text[.repDecideButton])</button></div>
            </fieldset></form>
            """
    }

    /// A measure for the claim, with its first status.
    static func measure(claim: RecordID, csrf: String, text: Localizer) -> HTML {
        func options<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ group: String) -> [HTML]
        where E.RawValue == String {
            type.allCases.map { "<option value=\"\($0.rawValue)\">\(text.value(group, $0.rawValue))</option>" as HTML }
        }
        return """
            <form method="post" action="\(SiteURL.addMeasure(claim).path)" class="stacked" id="form-measure">
            <input type="hidden" name="csrf" value="\(csrf)">
            <fieldset><legend>\(text[.repNewMeasure])</legend>
            <div><label for="measure-form">\(text[.repForm])</label><select id="measure-form" name="form">\(options(ReparationMeasure.Form.self, "rep-form"))</select></div>
            <div><label for="measure-provider-type">\(text[.repProviderType])</label><select id="measure-provider-type" name="provider-type">\(options(ReparationMeasure.ProviderType.self, "rep-provider"))</select></div>
            <div><label for="measure-provider">\(text[.repProvider])</label><input id="measure-provider" name="provider" required maxlength="500"></div>
            <div><label><input type="checkbox" name="acknowledged" value="yes"> \(text[.repAcknowledged])</label></div>
            <div><label for="measure-amount">\(text[.repAmount])</label><input id="measure-amount" name="amount" inputmode="decimal" maxlength="20"></div>
            <div><label for="measure-unit">\(text[.repUnit])</label><input id="measure-unit" name="unit" maxlength="50"></div>
            <div><label for="measure-status">\(text[.repStatus])</label><select id="measure-status" name="status">\(options(ReparationMeasure.Status.self, "rep-status"))</select></div>
            <div><label for="measure-date">\(text[.repDate])</label><input id="measure-date" name="date" type="date"></div>
            <div><button type="submit">\(text[.repMeasureButton])</button></div>
            </fieldset></form>
            """
    }
}
