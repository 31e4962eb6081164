import Foundation
import WhereaboutsCore

/// A record one can pick for a reference field: its id and what the reader may see of its title
/// (a pseudonym for a person, to a reader without identity access).
struct PickerCandidate: Sendable, Equatable {
    let id: RecordID
    let title: String
}

/// Draws the fields of a record form from its ``FormShape``: text, dates as stated, countries and
/// vocabularies from lists labelled in the reader's language, choices, and search-then-choose pickers
/// for references — all plain HTML controls, usable without script and from the keyboard.
struct RecordFormView {
    let text: Localizer
    let vocabulary: VocabularyIndex
    /// Messages by field name.
    let errors: [String: String]
    /// Titles of the records the form refers to, as the reader may see them.
    let titles: [RecordID: String]
    /// Records found for a picker, by field name.
    let candidates: [String: [PickerCandidate]]
    /// A picker's search text as typed, by field name.
    let queries: [String: String]

    /// The id of a field's control, and of the anchor the error summary links to.
    static func anchor(_ name: String) -> String { "f-" + name.replacingOccurrences(of: ".", with: "-") }

    /// The fields of a whole record.
    func fields(_ shape: FormShape, _ value: JSONValue?) -> HTML {
        guard case .group(let members) = shape else { return field(shape, value, name: "value", required: false) }
        return HTML(members.map { field($0.shape, value?[$0.name], name: $0.name, required: $0.required) })
    }

    func field(_ shape: FormShape, _ value: JSONValue?, name: String, required: Bool) -> HTML {
        let label = labelText(name, required: required)
        switch shape {
        case .text(let maxLength):
            let control: HTML =
                maxLength > FormShape.longText
                ? "<textarea id=\"\(Self.anchor(name))\" name=\"\(name)\" rows=\"5\" maxlength=\"\(maxLength)\"\(described(name, hint: false))>\(string(value))</textarea>"
                : "<input id=\"\(Self.anchor(name))\" name=\"\(name)\" value=\"\(string(value))\" maxlength=\"\(maxLength)\"\(described(name, hint: false))>"
            return wrap(name, label, control, hint: nil)
        case .number:
            return wrap(
                name, label,
                "<input id=\"\(Self.anchor(name))\" name=\"\(name)\" inputmode=\"decimal\" value=\"\(string(value))\" maxlength=\"40\"\(described(name, hint: false))>",
                hint: nil)
        case .day:
            return wrap(
                name, label,
                "<input type=\"date\" id=\"\(Self.anchor(name))\" name=\"\(name)\" value=\"\(string(value))\"\(described(name, hint: false))>",
                hint: nil)
        case .boolean:
            let checked = value == .bool(true) ? " checked" : ""
            return wrap(
                name, label,
                "<input type=\"checkbox\" id=\"\(Self.anchor(name))\" name=\"\(name)\" value=\"true\"\(checked)\(described(name, hint: false))>",
                hint: nil)
        case .date:
            return wrap(
                name, label,
                "<input id=\"\(Self.anchor(name))\" name=\"\(name)\" value=\"\(string(value))\" maxlength=\"100\"\(described(name, hint: true))>",
                hint: text[.dateHint])
        case .country:
            let names = Self.countryNames(text.language)
            let options = CountryCode.all.sorted { names[$0, default: $0] < names[$1, default: $1] }.map {
                (value: $0, label: "\(names[$0, default: $0]) (\($0))")
            }
            return wrap(name, label, select(name, options, selected: string(value)), hint: nil)
        case .choice(let values, let group):
            return wrap(
                name, label,
                select(name, values.map { (value: $0, label: text.formValue(group, $0)) }, selected: string(value)),
                hint: nil)
        case .code(let scheme):
            let options = vocabulary.terms(in: scheme).map { term in
                let depth = vocabulary.lineage(scheme, term.code).count - 1
                return (
                    value: term.code,
                    label: String(repeating: "— ", count: max(0, depth)) + text.label(term, code: term.code)
                )
            }
            return wrap(name, label, select(name, options, selected: string(value)), hint: nil)
        case .reference:
            return picker(name, label, value)
        case .group(let members):
            let inner = HTML(
                members.map {
                    field(
                        $0.shape, value?[$0.name], name: RecordFormReading.child(name, $0.name), required: $0.required)
                })
            return """
                <fieldset id="\(Self.anchor(name))"><legend>\(label)</legend>\(error(name))\(inner)</fieldset>
                """
        case .list(let item):
            if case .choice(let values, let group) = item {
                let chosen = Set(strings(value))
                let boxes = values.enumerated().map { index, option -> HTML in
                    let id = Self.anchor(name) + "-\(index)"
                    return """
                        <span><input type="checkbox" id="\(id)" name="\(name)" value="\(option)"\(chosen.contains(option) ? " checked" : "" as HTML)>
                        <label for="\(id)" class="inline">\(text.formValue(group, option))</label></span>
                        """
                }
                return """
                    <fieldset id="\(Self.anchor(name))"><legend>\(label)</legend>\(error(name))\(boxes)</fieldset>
                    """
            }
            var items: [JSONValue] = []
            if case .array(let present)? = value { items = present }
            let shown = items.enumerated().map { index, itemValue -> HTML in
                let itemName = RecordFormReading.child(name, String(index))
                let removeID = Self.anchor(RecordFormReading.removal(itemName))
                return """
                    <div class="item">\(field(item, itemValue, name: itemName, required: false))
                    <span><input type="checkbox" id="\(removeID)" name="\(RecordFormReading.removal(itemName))" value="1">
                    <label for="\(removeID)" class="inline">\(text[.removeItem])</label></span></div>
                    """
            }
            let blank = field(item, nil, name: RecordFormReading.child(name, String(items.count)), required: false)
            return """
                <fieldset id="\(Self.anchor(name))"><legend>\(label)</legend>\(error(name))\(shown)
                <div class="item"><p class="hint">\(text[.another])</p>\(blank)</div></fieldset>
                """
        }
    }

    /// A reference: the record chosen (kept in a hidden field), a search box, and — after a search —
    /// the records found, to choose one with a radio button.
    private func picker(_ name: String, _ label: String, _ value: JSONValue?) -> HTML {
        let current = string(value)
        let currentID = RecordID(current)
        let found = candidates[name]
        let chosen: HTML
        if let currentID {
            let title = titles[currentID] ?? text[.unknownRecord]
            chosen = "<p>\(text[.chosen]): <strong>\(title)</strong></p>"
        } else {
            chosen = .empty
        }
        let choice: HTML
        if let found {
            var options: [PickerCandidate] = found
            if let currentID, !found.contains(where: { $0.id == currentID }) {
                options.insert(PickerCandidate(id: currentID, title: titles[currentID] ?? text[.unknownRecord]), at: 0)
            }
            let radios = options.enumerated().map { index, candidate -> HTML in
                let id = Self.anchor(name) + "-c\(index)"
                return """
                    <span><input type="radio" id="\(id)" name="\(name)" value="\(candidate.id.description)"\(candidate.id == currentID ? " checked" : "" as HTML)>
                    <label for="\(id)" class="inline">\(candidate.title)</label></span>
                    """
            }
            let noneID = Self.anchor(name) + "-none"
            let none: HTML = """
                <span><input type="radio" id="\(noneID)" name="\(name)" value=""\(currentID == nil ? " checked" : "" as HTML)>
                <label for="\(noneID)" class="inline">\(text[.chooseNone])</label></span>
                """
            choice =
                found.isEmpty
                ? "<p class=\"hint\">\(text[.noMatches])</p>\(current.isEmpty ? "" : "<input type=\"hidden\" name=\"\(name)\" value=\"\(current)\">" as HTML)"
                : "<fieldset class=\"choices\"><legend>\(label)</legend>\(radios)\(none)</fieldset>"
        } else {
            choice = current.isEmpty ? .empty : "<input type=\"hidden\" name=\"\(name)\" value=\"\(current)\">"
        }
        let search = Self.anchor(name)
        return """
            <div class="picker"><p class="label">\(label)</p>\(error(name))
            \(chosen)\(choice)
            <div><label for="\(search)">\(label): \(text[.searchFor])</label>
            <input id="\(search)" name="_q.\(name)" value="\(queries[name] ?? "")" maxlength="200"\(described(name, hint: false))>
            <button type="submit" name="_find" value="\(name)">\(text[.find])</button></div>
            </div>
            """
    }

    private func select(_ name: String, _ options: [(value: String, label: String)], selected: String) -> HTML {
        let items = options.map { option -> HTML in
            "<option value=\"\(option.value)\"\(option.value == selected ? " selected" : "" as HTML)>\(option.label)</option>"
        }
        return """
            <select id="\(Self.anchor(name))" name="\(name)"\(described(name, hint: false))><option value="">—</option>\(items)</select>
            """
    }

    private func wrap(_ name: String, _ label: String, _ control: HTML, hint: String?) -> HTML {
        """
        <div><label for="\(Self.anchor(name))">\(label)</label>
        \(control)
        \(hint.map { "<p class=\"hint\" id=\"\(Self.anchor(name))-hint\">\($0)</p>" as HTML } ?? .empty)
        \(error(name))</div>
        """
    }

    private func described(_ name: String, hint: Bool) -> HTML {
        let ids = [hint ? Self.anchor(name) + "-hint" : nil, errors[name] == nil ? nil : Self.anchor(name) + "-error"]
            .compactMap { $0 }
        guard !ids.isEmpty else { return .empty }
        return
            " aria-describedby=\"\(ids.joined(separator: " "))\"\(errors[name] == nil ? "" : " aria-invalid=\"true\"" as HTML)"
    }

    private func error(_ name: String) -> HTML {
        errors[name].map { "<p class=\"field-error\" id=\"\(Self.anchor(name))-error\">\($0)</p>" as HTML } ?? .empty
    }

    private func labelText(_ name: String, required: Bool) -> String {
        let label = text.formLabel(name)
        return required ? label + " *" : label
    }

    private func string(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case .number(let number)?:
            return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .object(let object)?: if case .string(let text)? = object["text"] { return text } else { return "" }
        default: return ""
        }
    }

    private func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// Country names in `language`, by ISO code.
    static func countryNames(_ language: Language) -> [String: String] {
        countryNameCache[language] ?? [:]
    }

    private static let countryNameCache: [Language: [String: String]] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            let locale = Locale(identifier: language.rawValue)
            return (
                language,
                Dictionary(
                    uniqueKeysWithValues: CountryCode.all.map { ($0, locale.localizedString(forRegionCode: $0) ?? $0) })
            )
        })
}
