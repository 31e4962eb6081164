import Foundation
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsStore

/// What an evidence upload form carries besides its file, as typed (shown again when refused).
struct EvidenceUploadInput: Sendable {
    var note = ""
    var transformation = ""
    /// Capture metadata by the key it is kept under, as stated.
    var capture: [String: String] = [:]

    /// The capture fields the form offers: the key kept in the item's description and its label.
    static let captureFields: [(key: String, label: UIText)] = [
        ("captured-at", .evidenceCapturedAt), ("place", .evidenceCapturePlace), ("device", .evidenceCaptureDevice),
        ("captured-by", .evidenceCapturedBy),
    ]

    init() {}

    /// The fields sent (the first value of each), trimmed; blank capture fields are left out.
    init(_ fields: [String: String]) {
        func value(_ name: String, max: Int) -> String {
            String((fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(max))
        }
        note = value("note", max: 2_000)
        transformation = value("transformation", max: 200)
        for (key, _) in Self.captureFields {
            let stated = value("capture-" + key, max: 500)
            if !stated.isEmpty { capture[key] = stated }
        }
    }
}

/// Where an upload form sends its file: onto a record, or as a derived copy of an item.
enum EvidenceUploadTarget: Sendable {
    case record(RecordKind, RecordID)
    case derived(EvidenceItem)

    var action: String {
        switch self {
        case .record(let kind, let id): SiteURL.addEvidence(kind, id).path
        case .derived(let parent): SiteURL.evidenceDerived(parent.id).path
        }
    }

    /// The page the form belongs to, and the words of a link back to it.
    var page: (path: String, link: UIText) {
        switch self {
        case .record(let kind, let id): (SiteURL.record(kind, id).path, .backToRecord)
        case .derived(let parent): (SiteURL.evidence(parent.id).path, .evidenceBackToItem)
        }
    }
}

/// The form that takes a file in as evidence (multipart, streamed; decision 0026): hidden CSRF
/// token first, then the note and capture metadata, the file last — the server reads the fields
/// before the first byte of the file and refuses anything after it.
enum EvidenceUploadForm {
    /// Field errors by the id of the field they belong to.
    typealias Errors = [(field: String, message: String)]

    static func render(
        _ target: EvidenceUploadTarget, input: EvidenceUploadInput = EvidenceUploadInput(), errors: Errors = [],
        csrf: String, limit: Int, text: Localizer, headingLevel: Int = 2
    ) -> HTML {
        let derived: Bool
        if case .derived = target { derived = true } else { derived = false }
        let heading = text[derived ? .evidenceAddDerivedTitle : .evidenceAddTitle]
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        func described(_ field: String, hint: Bool) -> HTML {
            let ids = [hint ? field + "-hint" : nil, error(field).map { _ in field + "-error" }].compactMap { $0 }
            let invalid: HTML = error(field) == nil ? "" : " aria-invalid=\"true\""
            return ids.isEmpty ? invalid : "\(invalid) aria-describedby=\"\(ids.joined(separator: " "))\""
        }
        func message(_ field: String) -> HTML {
            error(field).map { "<p class=\"field-error\" id=\"\(field)-error\">\($0)</p>" } ?? .empty
        }
        let transformation: HTML =
            derived
            ? """
            <div><label for="evidence-transformation">\(text[.evidenceTransformation]) *</label>
            <input id="evidence-transformation" name="transformation" value="\(input.transformation)" maxlength="200" required\(described("evidence-transformation", hint: true))>
            <p class="hint" id="evidence-transformation-hint">\(text[.evidenceTransformationHint])</p>
            \(message("evidence-transformation"))</div>
            """ : .empty
        let capture = EvidenceUploadInput.captureFields.map { field -> HTML in
            """
            <div><label for="evidence-capture-\(field.key)">\(text[field.label])</label>
            <input id="evidence-capture-\(field.key)" name="capture-\(field.key)" value="\(input.capture[field.key])" maxlength="500"></div>
            """
        }
        return """
            <section class="evidence-upload" aria-labelledby="evidence-upload-title">
            <h\(headingLevel) id="evidence-upload-title">\(heading)</h\(headingLevel)>
            \(summary(errors, text: text))
            <form method="post" action="\(target.action)" enctype="multipart/form-data" class="stacked" novalidate>
            <input type="hidden" name="csrf" value="\(csrf)">
            \(transformation)
            <div><label for="evidence-note">\(text[.evidenceNote])</label>
            <textarea id="evidence-note" name="note" rows="2" maxlength="2000" aria-describedby="evidence-note-hint">\(input.note)</textarea>
            <p class="hint" id="evidence-note-hint">\(text[.evidenceNoteHint])</p></div>
            <fieldset><legend>\(text[.evidenceCapture])</legend>
            <p class="hint">\(text[.evidenceCaptureHint])</p>
            \(capture)
            </fieldset>
            <div><label for="evidence-file">\(text[.evidenceFile]) *</label>
            <input type="file" id="evidence-file" name="file" required\(described("evidence-file", hint: true))>
            <p class="hint" id="evidence-file-hint">\(text.format(.evidenceFileHint, String(limit >> 20)))</p>
            \(message("evidence-file"))</div>
            <div><button type="submit">\(text[derived ? .evidenceSubmitDerived : .evidenceSubmit])</button></div>
            </form>
            </section>
            """
    }

    /// The error summary above a refused form: each message links to its field.
    static func summary(_ errors: Errors, text: Localizer) -> HTML {
        guard !errors.isEmpty else { return .empty }
        let items = errors.map { "<li><a href=\"#\($0.field)\">\($0.message)</a></li>" as HTML }
        return """
            <div class="alert error-summary" role="alert" aria-labelledby="error-summary-title">
            <h2 id="error-summary-title">\(text[.errorSummaryTitle])</h2><ul>\(items)</ul></div>
            """
    }
}
