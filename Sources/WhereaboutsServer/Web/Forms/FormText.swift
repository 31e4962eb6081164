import Foundation

/// The strings of the record forms, import, export and "my work" pages (decision 0034), from the
/// catalogues `Resources/form-strings-<language>.json`. The same catalogues hold the forms' field
/// labels (`field.<name>`) and the consent scopes' labels (`consent-scope.<scope>`), which
/// ``Localizer/value(_:_:)`` finds. A test fails when a catalogue lacks a key.
public enum FormText: String, CaseIterable, Sendable {
    case newRecord, editRecord, checkValue, notANumber, notFound, find, searchFor, noMatches
    case chosen, chooseNone, removeItem, another, staleTitle, staleBody, staleField, createRecord, saveRecord
    case addToRecord, addVictim, addPerpetrator, addSource, addIntervention, addEventLink, addInformation
    case addPerpetratorUnit, addNameOrFate, editAllFields, newRecordOfKind, recordForms, unknownRecord
    case importTitle, importIntro, importFile, importButton, importFailed, importDone, importLineHeader, importColumn
    case importProblem
    case exportTitle, exportIntro, exportFormat, exportPurpose, exportButton
    case myWorkTitle, myWorkRecent, myWorkAsked, myWorkNothing, navMyWork, navImportExport
    case columnKind, columnTitle, columnUpdated, columnVersion
}

extension Localizer {
    public subscript(_ key: FormText) -> String {
        FormCatalogues.all[language]?[key.rawValue] ?? FormCatalogues.all[.en]?[key.rawValue] ?? key.rawValue
    }

    /// A form string with `{0}`, `{1}`… replaced by `arguments`.
    public func format(_ key: FormText, _ arguments: String...) -> String {
        var text = self[key]
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return text
    }

    /// A field's label: `field.<name>` from the form catalogue, else the name.
    func fieldLabel(_ name: String) -> String {
        FormCatalogues.all[language]?["field." + name] ?? FormCatalogues.all[.en]?["field." + name] ?? name
    }

    /// A value's label from the form catalogue's groups, else the interface catalogue's, else the value.
    func formValue(_ group: String, _ raw: String) -> String {
        FormCatalogues.all[language]?[group + "." + raw] ?? value(group, raw)
    }
}

/// The form catalogues, read once from the bundle.
enum FormCatalogues {
    static let all: [Language: [String: String]] = {
        var result: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard
                let url = Bundle.module.url(forResource: "form-strings-" + language.rawValue, withExtension: "json"),
                let data = try? Data(contentsOf: url),
                let strings = try? JSONDecoder().decode([String: String].self, from: data)
            else { preconditionFailure("the \(language.rawValue) form catalogue is missing from the build") }
            result[language] = strings
        }
        return result
    }()
}
