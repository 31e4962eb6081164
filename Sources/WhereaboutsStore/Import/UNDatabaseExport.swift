import CSV
import Crypto
import Foundation
import WhereaboutsCore
import WhereaboutsDocuments

/// The databases whose exports of UN recommendations are read.
public enum UNExternalSource: String, Sendable, CaseIterable, Codable {
    /// OHCHR's Universal Human Rights Index (uhri.ohchr.org).
    case uhri
    /// UPR Info's database of UPR recommendations.
    case uprInfo = "upr-info"

    public var label: String {
        switch self {
        case .uhri: "UHRI"
        case .uprInfo: "UPR Info"
        }
    }
}

/// One recommendation as another database lists it, read from a row of its CSV export.
public struct ExternalUNRecommendation: Sendable, Hashable {
    public let source: UNExternalSource
    /// The database's id of the row (its id column, or the last part of its link); when the export
    /// has none, a hash of the symbol, the text and the recommending States, stable across exports.
    public let id: String
    /// The line of the file it was read from.
    public let line: Int
    public let symbol: UNSymbol?
    /// As printed (`140.7`), when the text begins with it or a column gives it.
    public let number: String?
    public let text: String
    public let recommendingStates: [String]
    public let stateUnderReview: String?
    public let position: UNPosition?
    /// Where the position is written (UHRI's "Source of position", `A/HRC/59/15/Add.1 - Para.3`).
    public let positionSource: String?
    /// What else the database says of it, by its own column names (themes, affected persons, SDGs,
    /// action category, issues, cycle…), as written.
    public let details: [String: String]
}

/// Reads the CSV exports of UHRI and UPR Info. Columns are found by name, in any order and case, under
/// the names those sites publish (UHRI: Recommendation or Annotation, Body, Symbol, Themes, Affected
/// persons, SDGs, UPR position, Source of position, Recommending State, Country; UPR Info:
/// Recommendation, Recommending State, State under Review, Response, Action category, Issues, Cycle,
/// Session). XLSX files are not read: save the sheet as CSV (UTF-8) first.
public enum UNDatabaseExport {
    /// What was wrong with a file; nothing of it is imported.
    public struct Problem: Error, Sendable, Hashable {
        public let line: Int
        public let message: String
    }

    static let idColumns = ["id", "uhri id", "annotation id", "recommendation id", "uuid", "link", "url"]
    static let textColumns = ["recommendation", "annotation", "text", "recommendation and recommending state"]
    static let symbolColumns = ["symbol", "document symbol", "document"]
    static let numberColumns = ["paragraph", "number", "recommendation number"]
    static let stateColumns = ["recommending state", "recommending states", "recommending state(s)"]
    static let reviewedColumns = ["state under review", "country", "countries", "sur"]
    static let positionColumns = [
        "upr position", "position", "position of the state under review", "response", "state response",
    ]
    static let positionSourceColumns = ["source of position", "source of response"]
    /// Columns kept as the database's own description of the recommendation.
    static let detailColumns = [
        "body", "recommending body", "themes", "human rights themes and groups of persons", "affected persons",
        "groups of persons", "sdgs", "relevant sdgs", "action category", "issues", "cycle", "session", "type",
        "document type", "document publication date", "year",
    ]

    /// The rows of `data`, a CSV export of `source`; `symbol` stands for rows that name no document
    /// (UPR Info's export lists recommendations by State and cycle, not by report).
    public static func read(_ data: Data, source: UNExternalSource, symbol defaultSymbol: UNSymbol?) throws(Problem)
        -> [ExternalUNRecommendation]
    {
        guard var text = String(data: data, encoding: .utf8) else {
            throw Problem(line: 1, message: "not UTF-8 text (an XLSX file must be saved as CSV first)")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw Problem(line: 1, message: "not a readable CSV file")
        }
        let header = (reader.headerRow ?? []).map(fold)
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        guard let textColumn = column(textColumns) else {
            throw Problem(line: 1, message: "no Recommendation column: is this a \(source.label) export?")
        }
        let columns = (
            id: column(idColumns), symbol: column(symbolColumns), number: column(numberColumns),
            states: column(stateColumns), reviewed: column(reviewedColumns), position: column(positionColumns),
            positionSource: column(positionSourceColumns)
        )
        let details = header.indices.filter { detailColumns.contains(header[$0]) }
        var rows: [ExternalUNRecommendation] = []
        var line = 1
        while let row = reader.next() {
            line += 1
            func field(_ index: Int?) -> String? {
                guard let index, row.indices.contains(index) else { return nil }
                let value = row[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return value.isEmpty ? nil : value
            }
            guard var body = field(textColumn) else { continue }
            var number = field(columns.number).flatMap {
                $0.range(of: #"^[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil ? $0 : nil
            }
            if let printed = body.range(of: #"^[0-9]{1,3}\.[0-9]{1,3}\s+"#, options: .regularExpression) {
                number = number ?? body[printed].trimmingCharacters(in: .whitespaces)
                body = String(body[printed.upperBound...])
            }
            var symbol = defaultSymbol
            if let written = field(columns.symbol) {
                guard let parsed = UNSymbol(written) else {
                    throw Problem(line: line, message: "\(written.prefix(60)) is not a UN document symbol")
                }
                symbol = parsed
            }
            let states = field(columns.states).map(Self.states) ?? Self.statesInParentheses(body)
            let id =
                field(columns.id).map { String(($0.split(separator: "/").last ?? "").prefix(100)) }
                ?? Self.stableID(symbol, body, states)
            var described: [String: String] = [:]
            for index in details { if let value = field(index) { described[header[index]] = value } }
            rows.append(
                ExternalUNRecommendation(
                    source: source, id: id, line: line, symbol: symbol, number: number, text: body,
                    recommendingStates: states, stateUnderReview: field(columns.reviewed),
                    position: field(columns.position).flatMap(Self.position),
                    positionSource: field(columns.positionSource),
                    details: described))
        }
        return rows
    }

    /// The position a database's words give: Supported, Accepted, Partially accepted, Noted, Rejected…
    static func position(_ words: String) -> UNPosition? {
        let words = words.lowercased()
        if words.contains("partial") { return .partiallySupported }
        if words.contains("support") || words.contains("accept") { return .supported }
        if words.contains("noted") || words.contains("note") { return .noted }
        if words.contains("reject") { return .rejected }
        if words.contains("pending") || words.contains("examin") { return .pending }
        return nil
    }

    /// States written in a column, separated by `;`, `,` or new lines, by current short names (an
    /// unknown name kept as written).
    static func states(_ text: String) -> [String] {
        if let names = UNMemberStates.names(in: text) { return names }
        return text.split(whereSeparator: { $0 == ";" || $0.isNewline }).map {
            let name = $0.trimmingCharacters(in: .whitespaces)
            return UNMemberStates.name(of: name) ?? name
        }.filter { !$0.isEmpty }
    }

    /// The States in the parentheses that end a recommendation's text, when that is how it is written.
    static func statesInParentheses(_ text: String) -> [String] {
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: " ;."))
        guard trimmed.hasSuffix(")"), let open = trimmed.range(of: "(", options: .backwards) else { return [] }
        return UNMemberStates.names(in: String(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)]))
            ?? []
    }

    static func stableID(_ symbol: UNSymbol?, _ text: String, _ states: [String]) -> String {
        let key = [symbol?.description ?? "", normalised(text), states.joined(separator: ";")].joined(separator: "|")
        return "h-" + SHA256.hash(data: Data(key.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// A recommendation's words for comparing two listings: lower case, without a label `(a)` before
    /// them or the States in parentheses after them, letters and digits only.
    public static func normalised(_ text: String) -> String {
        var text = text.trimmingCharacters(in: CharacterSet(charactersIn: " ;.\n"))
        if let label = text.range(of: #"^\([a-z]{1,3}\)\s*"#, options: .regularExpression) {
            text = String(text[label.upperBound...])
        }
        while text.hasSuffix(")"), let open = text.range(of: "(", options: .backwards) {
            text = String(text[..<open.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        return text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }

    static func fold(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().split(separator: " ").joined(separator: " ")
    }
}
