import Foundation
import WhereaboutsDocuments

/// The forms a writer fills in on a recommendation's page: a State's response, an assessment of
/// its implementation, a record that shows it, an earlier recommendation it repeats. Each posts the
/// recommendation's symbol and number with the session's token; a refused form comes back with its
/// alert in place.
enum UNRecommendationForms {
    /// Which form a refusal belongs to.
    enum Kind: String, Sendable { case respond, assess, link, `repeat` }

    static func render(
        _ kind: Kind, item: TrackedUNRecommendationKey, csrf: String, text: Localizer, error: (Kind, String)?
    ) -> HTML {
        let alert = WebController.alert(error.flatMap { $0.0 == kind ? $0.1 : nil })
        let fields: HTML
        let action: SiteURL
        let legend: UIText
        let button: UIText
        switch kind {
        case .respond:
            action = .unRespond
            legend = .unRespondRecord
            button = .unRespondButton
            fields = """
                \(select(kind, "position", .unPosition, UNPosition.allCases.map { ($0.rawValue, text.value("un-position", $0.rawValue)) }, text: text))
                \(select(kind, "stage", .unStage, UNResponse.Stage.allCases.map { ($0.rawValue, text.value("un-stage", $0.rawValue)) }, text: text))
                \(input(kind, "date", .unDate, type: "date", required: true, text: text))
                \(input(kind, "source", .unSource, text: text))
                \(input(kind, "clause", .unClause, text: text))
                \(input(kind, "note", .unNote, text: text))
                """
        case .assess:
            action = .unAssess
            legend = .unAssessRecord
            button = .unAssessButton
            fields = """
                \(select(kind, "implementation", .unImplementation, UNImplementation.allCases.map { ($0.rawValue, text.value("un-implementation", $0.rawValue)) }, text: text))
                \(input(kind, "date", .unDate, type: "date", required: true, text: text))
                \(input(kind, "assessed-by", .unAssessedBy, required: true, text: text))
                <div><label for="un-assess-evidence">\(text[.unEvidence])</label>
                <textarea id="un-assess-evidence" name="evidence" rows="3" maxlength="2000" aria-describedby="un-assess-evidence-hint"></textarea>
                <p id="un-assess-evidence-hint" class="hint">\(text[.unEvidenceHint])</p></div>
                <div><label for="un-assess-note">\(text[.unNote])</label>
                <input id="un-assess-note" name="note" maxlength="1000" aria-describedby="un-assess-note-hint">
                <p id="un-assess-note-hint" class="hint">\(text[.unAssessNoteHint])</p></div>
                """
        case .link:
            action = .unLink
            legend = .unLinkRecord
            button = .unLinkButton
            fields = """
                <div><label for="un-record">\(text[.unRecordID])</label>
                <input id="un-record" name="record" required maxlength="100" aria-describedby="un-record-hint">
                <p id="un-record-hint" class="hint">\(text[.unRecordHint])</p></div>
                <div><label for="un-note">\(text[.unNote])</label><input id="un-note" name="note" maxlength="500"></div>
                """
        case .repeat:
            action = .unRepeat
            legend = .unRepeatRecord
            button = .unRepeatButton
            fields = """
                <div><label for="un-repeat-symbol">\(text[.unSymbol])</label>
                <input id="un-repeat-symbol" name="earlier-symbol" required maxlength="100"></div>
                <div><label for="un-repeat-number">\(text[.unRecommendation])</label>
                <input id="un-repeat-number" name="earlier-number" required maxlength="20"></div>
                """
        }
        let form: HTML = """
            <form method="post" action="\(action.path)" class="stacked" id="form-\(kind.rawValue)">
            <input type="hidden" name="csrf" value="\(csrf)">
            <input type="hidden" name="symbol" value="\(item.symbol.description)">
            <input type="hidden" name="number" value="\(item.number)">
            <fieldset><legend>\(text[legend])</legend>
            \(alert)
            \(fields)
            <div><button type="submit">\(text[button])</button></div>
            </fieldset></form>
            """
        // Linking a record is the common task; the others open on demand (and open when refused).
        guard kind != .link else { return form }
        let open: HTML = error?.0 == kind ? " open" : ""
        return "<details class=\"form\"\(open)><summary>\(text[legend])</summary>\(form)</details>"
    }

    private static func select(
        _ form: Kind, _ name: String, _ label: UIText, _ options: [(String, String)], text: Localizer
    ) -> HTML {
        let choices = options.map { "<option value=\"\($0.0)\">\($0.1)</option>" as HTML }
        return """
            <div><label for="un-\(form.rawValue)-\(name)">\(text[label])</label>
            <select id="un-\(form.rawValue)-\(name)" name="\(name)">\(choices)</select></div>
            """
    }

    private static func input(
        _ form: Kind, _ name: String, _ label: UIText, type: String = "text", required: Bool = false, text: Localizer
    ) -> HTML {
        let required: HTML = required ? " required" : ""
        return """
            <div><label for="un-\(form.rawValue)-\(name)">\(text[label])</label>
            <input id="un-\(form.rawValue)-\(name)" name="\(name)" type="\(type)" maxlength="500"\(required)></div>
            """
    }
}

/// A recommendation named as forms post it.
struct TrackedUNRecommendationKey: Sendable {
    let symbol: UNSymbol
    let number: String
}
