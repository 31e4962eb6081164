import WhereaboutsCore

/// A refused form's issues as messages in the reader's language beside their fields, and the
/// error summary at the top of the page that links to each (the GOV.UK pattern).
enum RecordFormErrors {
    /// Messages by field name (the issues' JSON Pointers with dots; the whole record: `_form`).
    static func messages(_ issues: [FieldIssue], shape: FormShape, text: Localizer) -> [String: String] {
        var messages: [String: String] = [:]
        for issue in issues {
            let name = RecordFormReading.field(issue.path)
            let message = localised(issue, shape: shape.at(name), text: text)
            let field = name.isEmpty ? "_form" : name
            messages[field] = messages[field].map { $0 + " " + message } ?? message
        }
        return messages
    }

    static func localised(_ issue: FieldIssue, shape: FormShape?, text: Localizer) -> String {
        let message = issue.message
        if message == "is required" { return text[.fieldRequired] }
        if message.hasPrefix("refers to ") { return text[FormText.notFound] }
        if message.contains("ISO 3166-1") { return text[.countryInvalid] }
        if message.hasPrefix("is longer than "),
            let number = message.split(separator: " ").first(where: { Int($0) != nil })
        {
            return text.format(.fieldTooLong, String(number))
        }
        switch shape {
        case .date?, .day?: return text[.dateUnreadable]
        case .number?: return text[.notANumber]
        default: return "\(text[.checkValue]) (\(message))"
        }
    }

    /// The summary: a heading and a link to every field with a message, or nothing.
    static func summary(_ messages: [String: String], shape: FormShape, text: Localizer) -> HTML {
        guard !messages.isEmpty else { return .empty }
        // In the order of the fields on the page.
        var order: [String: Int] = [:]
        if case .group(let members) = shape {
            for (index, member) in members.enumerated() { order[member.name] = index }
        }
        func position(_ name: String) -> (Int, String) {
            (order[String(name.prefix { $0 != "." })] ?? -1, name)
        }
        let items = messages.sorted { position($0.key) < position($1.key) }.map { name, message -> HTML in
            name == "_form"
                ? "<li>\(message)</li>"
                : "<li><a href=\"#\(RecordFormView.anchor(name))\">\(text.formLabel(name)): \(message)</a></li>"
        }
        return """
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
            <h2 id="error-summary-title">\(text[.errorSummaryTitle])</h2>
            <p>\(text[.formHasErrors])</p>
            <ul>\(items)</ul></div>
            """
    }
}
