import Foundation
import WhereaboutsCore

/// Interface strings in one language, from the catalogues in `Resources/strings-<language>.json`.
/// Every key is a case of ``UIText``; a test fails when a catalogue lacks one.
public struct Localizer: Sendable {
    public let language: Language
    let strings: [String: String]

    public init(_ language: Language) {
        self.language = language
        self.strings = Catalogues.all[language] ?? [:]
    }

    public subscript(_ key: UIText) -> String {
        strings[key.rawValue] ?? Catalogues.all[.en]?[key.rawValue] ?? key.rawValue
    }

    /// The label of a value of one of the model's enumerations (`kind`, `fate`, `role`…), or the value itself.
    public func value(_ group: String, _ raw: String) -> String {
        strings[group + "." + raw] ?? Catalogues.all[.en]?[group + "." + raw] ?? raw
    }

    /// A string with `{0}`, `{1}`… replaced by `arguments` (which are text, escaped when rendered).
    public func format(_ key: UIText, _ arguments: String...) -> String {
        var text = self[key]
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return text
    }

    /// A day in the local way of writing it, at the precision given.
    public func day(_ day: Day, precision: FuzzyDate.Precision = .day) -> String {
        let months = self[.monthNames].split(separator: ",").map(String.init)
        let month = months.indices.contains(day.month - 1) ? months[day.month - 1] : String(day.month)
        switch (language, precision) {
        case (.en, .year): return "\(day.year)"
        case (.en, .month): return "\(month) \(day.year)"
        case (.en, _): return "\(day.day) \(month) \(day.year)"
        case (.ko, .year): return "\(day.year)년"
        case (.ko, .month): return "\(day.year)년 \(day.month)월"
        case (.ko, _): return "\(day.year)년 \(day.month)월 \(day.day)일"
        case (.ja, .year): return "\(day.year)年"
        case (.ja, .month): return "\(day.year)年\(day.month)月"
        case (.ja, _): return "\(day.year)年\(day.month)月\(day.day)日"
        }
    }

    /// An uncertain date: as stated, then the range it means in the local form.
    public func date(_ date: FuzzyDate) -> String {
        let range: String
        switch date.precision {
        case .day: range = day(date.from)
        case .month: range = day(date.from, precision: .month)
        case .year where date.from.year == date.to.year: range = day(date.from, precision: .year)
        default: range = format(.dateRange, day(date.from), day(date.to))
        }
        let normalised = date.circa ? format(.dateCirca, range) : range
        return normalised == date.text ? normalised : "\(date.text) (\(normalised))"
    }

    /// A stored timestamp (ISO 8601, UTC) as a local day and time, UTC.
    public func timestamp(_ text: String) -> String {
        guard text.count >= 16, let parsed = Day(iso: String(text.prefix(10))) else { return text }
        return day(parsed) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }

    /// The label of a vocabulary term in this language, else English, else its code.
    public func label(_ term: VocabularyTerm?, code: String) -> String {
        guard let term else { return code }
        return term.labels[language.rawValue] ?? term.labels["en"] ?? code
    }
}

/// The catalogues, read once from the bundle.
enum Catalogues {
    static let all: [Language: [String: String]] = {
        var result: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: "strings-" + language.rawValue, withExtension: "json"),
                let data = try? Data(contentsOf: url),
                let strings = try? JSONDecoder().decode([String: String].self, from: data)
            else { preconditionFailure("the \(language.rawValue) catalogue is missing from the build") }
            result[language] = strings
        }
        return result
    }()
}
