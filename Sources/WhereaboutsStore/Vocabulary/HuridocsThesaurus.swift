import CSV
import Foundation
import WhereaboutsCore

/// Reads the HURIDOCS micro-thesauri CSV (as extracted from OpenEvSys) into vocabulary terms.
///
/// The lists the events model uses land in its schemes (`types_of_acts` in `violation-types`,
/// `violation_status` in `violation-status`, …); every other list is kept as `huridocs-<list-name>`.
/// Each term's code is its 12-digit HURIDOCS code; its parent is found through `parent_vocab_number`.
public enum HuridocsThesaurus {
    /// Why a thesaurus file could not be read; `line` counts from 1 with the header as line 1.
    public struct ReadError: Error, CustomStringConvertible, Equatable {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    static let schemeForList: [String: VocabularyScheme] = [
        "types_of_acts": .violationTypes,
        "violation_status": .violationStatus,
        "status_as_victim": .victimStatus,
        "degrees_of_involvement": .degreesOfInvolvement,
        "source_connection_to_information": .sourceConnection,
        "reliability": .reliability,
        "types_of_intervention": .interventionTypes,
        "intervention_status": .interventionStatus,
        "types_of_chain_of_events": .chainTypes,
    ]

    static let columns = [
        "vocab_number", "huri_code", "list_code", "list_name", "english", "french", "spanish_or_other", "visible",
        "term_order", "parent_vocab_number", "term_level",
    ]

    /// The copy shipped with Whereabouts, read once per process.
    public static func bundled() throws -> [VocabularyTerm] { try bundledTerms.get() }

    private static let bundledTerms = Result { try readBundled() }

    private static func readBundled() throws -> [VocabularyTerm] {
        guard let url = Bundle.module.url(forResource: "huridocs_microthesauri", withExtension: "csv") else {
            throw ReadError(line: 0, message: "the bundled HURIDOCS thesaurus is missing from the build")
        }
        return try read(String(contentsOf: url, encoding: .utf8))
    }

    /// Korean and Japanese labels Whereabouts adds to HURIDOCS terms (the thesaurus has English, French
    /// and Spanish): the top-level types of acts and the status and reliability scales, keyed by
    /// `list_name/huri_code`. Terms without a translation show their English label.
    static let koreanAndJapanese: [String: (ko: String, ja: String)] = {
        guard let url = Bundle.module.url(forResource: "huridocs_labels_ko_ja", withExtension: "csv"),
            let text = try? String(contentsOf: url, encoding: .utf8),
            let reader = try? CSVReader(string: text, hasHeaderRow: true)
        else { return [:] }
        var result: [String: (ko: String, ja: String)] = [:]
        while let row = reader.next(), row.count == 4 { result[row[0] + "/" + row[1]] = (row[2], row[3]) }
        return result
    }()

    /// Parses the CSV text; any malformed row stops the import and names its line.
    public static func read(_ text: String) throws -> [VocabularyTerm] {
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        guard let header = reader.headerRow, Array(header.prefix(columns.count)) == columns else {
            throw ReadError(line: 1, message: "the header must be: " + columns.joined(separator: ","))
        }
        var rows: [[String]] = []
        var line = 1
        while let row = reader.next() {
            line += 1
            guard row.count == columns.count else {
                throw ReadError(line: line, message: "expected \(columns.count) fields, found \(row.count)")
            }
            rows.append(row)
        }
        if let error = reader.error { throw ReadError(line: line, message: "\(error)") }
        let translations = koreanAndJapanese
        let codeByNumber = Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        var terms: [VocabularyTerm] = []
        for (index, row) in rows.enumerated() {
            let line = index + 2
            let (code, listCode, listName, english) = (row[1], row[2], row[3], row[4])
            guard code.count == 12, code.allSatisfy(\.isNumber) else {
                throw ReadError(line: line, message: "huri_code '\(code.prefix(20))' is not 12 digits")
            }
            guard !english.isEmpty else { throw ReadError(line: line, message: "the English label is empty") }
            let scheme =
                schemeForList[listName]
                ?? VocabularyScheme(
                    "huridocs-"
                        + (listName.isEmpty ? "list-\(listCode)" : listName.replacingOccurrences(of: "_", with: "-")))
            var labels = ["en": english]
            if !row[5].isEmpty { labels["fr"] = row[5] }
            if !row[6].isEmpty { labels["es"] = row[6] }
            if let translated = translations[listName + "/" + code] {
                labels["ko"] = translated.ko
                labels["ja"] = translated.ja
            }
            let parent = row[9] == "0" ? nil : codeByNumber[row[9]]
            terms.append(
                VocabularyTerm(
                    scheme: scheme, code: code, parentCode: parent, labels: labels, huridocsCode: code,
                    sortOrder: Int(row[8]) ?? index))
        }
        return terms
    }
}
