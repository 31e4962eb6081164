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

/// Reads the exports of UHRI and UPR Info, as CSV or as `.xlsx` workbooks (decision 0036). Columns are
/// found by name, in any order and case, under the names those sites publish — UHRI's workbook: Text,
/// Countries Concerned, Reccomending Body (sic), Document Symbol, Themes, Affected Persons, Sdgs,
/// Document Publication Date, UPR Reccomending States (sic), UPR Position, Type, OHCHR Annotation Id,
/// UPR Session, Regions Concerned, Recommending Regions, Date of publication on UHRI, each value of a
/// multi-valued cell on its own line after "- ", days as serial numbers; UPR Info's database (an Uwazi
/// site since 2020, whose CSV export frames the template's fields with Title, Date added, Template …
/// Documents, Attachments, Published): Recommendation (or Text), Recommending State, State under Review,
/// Response (Supported, Noted, Not Supported), Action Category, Issues, Cycle, Session (`6 - December
/// 2009`), several values of a field separated by `|`.
public enum UNDatabaseExport {
    /// What was wrong with a file; nothing of it is imported.
    public struct Problem: Error, Sendable, Hashable {
        public let line: Int
        public let message: String
    }

    static let idColumns = [
        "id", "uhri id", "ohchr annotation id", "annotation id", "recommendation id", "uuid", "link", "url",
    ]
    static let textColumns = ["recommendation", "annotation", "text", "recommendation and recommending state"]
    static let symbolColumns = ["symbol", "document symbol", "document"]
    static let numberColumns = ["paragraph", "number", "recommendation number"]
    static let stateColumns = [
        "recommending state", "recommending states", "recommending state(s)", "upr reccomending states",
        "upr recommending states",
    ]
    static let reviewedColumns = ["state under review", "country", "countries", "countries concerned", "sur"]
    static let positionColumns = [
        "upr position", "position", "position of the state under review", "response", "state response",
    ]
    static let positionSourceColumns = ["source of position", "source of response"]
    /// Columns kept as the database's own description of the recommendation.
    static let detailColumns = [
        "body", "recommending body", "reccomending body", "themes", "human rights themes and groups of persons",
        "affected persons",
        "groups of persons", "sdgs", "relevant sdgs", "action category", "issues", "cycle", "session", "type",
        "document type", "document publication date", "year", "upr session", "regions concerned",
        "recommending regions", "date of publication on uhri",
    ]
    /// Detail columns holding days, which a workbook gives as serial numbers.
    static let dateColumns: Set<String> = ["document publication date", "date of publication on uhri"]

    /// The rows of `data`, an export of `source` as CSV or as the `.xlsx` workbook the site downloads;
    /// `symbol` stands for rows that name no document (UPR Info's export lists recommendations by State
    /// and cycle, not by report).
    public static func read(_ data: Data, source: UNExternalSource, symbol defaultSymbol: UNSymbol?) throws(Problem)
        -> [ExternalUNRecommendation]
    {
        let table = try Self.table(data)
        let header = (table.first?.cells ?? []).map(fold)
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
        for (line, row) in table.dropFirst() {
            /// A cell as written, its lines without the "- " UHRI puts before each value.
            func lines(_ index: Int?) -> [String] {
                guard let index, row.indices.contains(index) else { return [] }
                return row[index].split(whereSeparator: \.isNewline).map {
                    var value = $0.trimmingCharacters(in: .whitespaces)
                    if value.hasPrefix("- ") { value.removeFirst(2) }
                    return value.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty }
            }
            func field(_ index: Int?) -> String? {
                let values = lines(index)
                return values.isEmpty ? nil : values.joined(separator: "\n")
            }
            /// The values of a multi-valued cell: one a line (UHRI), or separated by `|` (UPR Info's
            /// database, whose site exports multi-select fields so).
            func values(_ index: Int?) -> [String] {
                lines(index).flatMap { $0.split(separator: "|") }.map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
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
            let written = values(columns.states)
            let states =
                written.isEmpty ? Self.statesInParentheses(body) : Self.states(written.joined(separator: "\n"))
            let id =
                field(columns.id).map { String(($0.split(separator: "/").last ?? "").prefix(100)) }
                ?? Self.stableID(symbol, body, states)
            var described: [String: String] = [:]
            for index in details {
                let values = values(index)
                guard !values.isEmpty else { continue }
                described[header[index]] =
                    dateColumns.contains(header[index])
                    ? values.map(Self.day(fromSerial:)).joined(separator: "; ") : values.joined(separator: "; ")
            }
            rows.append(
                ExternalUNRecommendation(
                    source: source, id: id, line: line, symbol: symbol, number: number, text: body,
                    recommendingStates: states,
                    stateUnderReview: field(columns.reviewed)?
                        .replacingOccurrences(of: "\n", with: "; "),
                    position: field(columns.position).flatMap(Self.position),
                    positionSource: field(columns.positionSource),
                    details: described))
        }
        return rows
    }

    /// The header and rows of a CSV file or of a workbook's first sheet, each with the line (or row)
    /// it starts on.
    static func table(_ data: Data) throws(Problem) -> [(line: Int, cells: [String])] {
        if XLSXWorkbook.isWorkbook(data) {
            do { return try XLSXWorkbook.firstSheet(data).map { ($0.number, $0.cells) } } catch {
                throw Problem(line: 1, message: "not a readable .xlsx workbook: \(error.description)")
            }
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw Problem(line: 1, message: "neither UTF-8 CSV text nor an .xlsx workbook")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            throw Problem(line: 1, message: "not a readable CSV file")
        }
        var table = [(line: 1, cells: reader.headerRow ?? [])]
        while let row = reader.next() { table.append((table.count + 1, row)) }
        return table
    }

    /// A day written as a spreadsheet's serial number (days since 30 December 1899, as UHRI's
    /// workbooks give dates) as `YYYY-MM-DD`; anything else as written.
    static func day(fromSerial text: String) -> String {
        guard let serial = Double(text), serial >= 1, serial < 100_000 else { return text }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let origin = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        guard let date = calendar.date(byAdding: .day, value: Int(serial.rounded(.down)), to: origin) else {
            return text
        }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The position a database's words give: Supported, Accepted, Partially accepted, Noted, Rejected…
    static func position(_ words: String) -> UNPosition? {
        let words = words.lowercased()
        if words.contains("partial") { return .partiallySupported }
        // "Not supported" is what the UPR calls noted; "not accepted" a refusal.
        if words.contains("not supported") { return .noted }
        if words.contains("not accepted") { return .rejected }
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
