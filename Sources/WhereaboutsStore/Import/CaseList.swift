import CSV
import Foundation
import WhereaboutsCore

/// A spreadsheet of cases, one row per violation against one victim: the shape NGOs and families'
/// associations keep their lists in. Rows that share an `event_key` share one event; rows that share
/// a `person_key` share one person; sources are shared by title.
///
/// Reading checks every row before anything is written and reports every problem with its line
/// (the header is line 1) and column; writing is then one all-or-nothing transaction. A cell that
/// is a single quote before a formula character (as ``CSVRows`` writes it) loses that quote.
public enum CaseList {
    /// The columns, in the order `export csv` writes them. `event_title`, `name` and
    /// `violation_type` are required; the rest may be left out of the header.
    public static let columns = [
        "event_key", "event_title", "event_description", "event_date", "event_country", "event_locality",
        "perpetrator_state", "person_key", "name", "name_latin", "romanisation", "sex", "birth_date", "origin_country",
        "origin_locality", "nationality", "violation_type", "act_date", "act_country", "act_locality", "host_state",
        "host_state_role",
        "leverage_on_family", "fate_status", "fate_date", "source_title", "source_type",
    ]
    static let required = ["event_title", "name", "violation_type"]

    /// One problem in the file.
    public struct Issue: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let column: String?
        public let message: String

        public var description: String {
            "line \(line)" + (column.map { ", \($0)" } ?? "") + ": " + message
        }
    }

    /// What a valid file amounts to: records in the order they can be written.
    public struct Parsed: Sendable {
        public var records: [(id: RecordID, body: any RecordBody)] = []
        public var rows = 0
        public var events = 0
        public var persons = 0
        public var acts = 0
        public var sources = 0
    }

    /// Reads and checks a whole file; throws every issue found (at most `maxIssues`), or returns the records.
    ///
    /// With `deliver`, records are handed over every `batchRows` rows for as long as no issue has been
    /// found (and are then not kept in the result), so that writing can start while checking goes on;
    /// the caller must discard what it was given if this throws.
    public static func read(
        _ stream: InputStream, vocabulary: VocabularyIndex, maxIssues: Int = 200, batchRows: Int = 2_000,
        progress: ((Int) -> Void)? = nil, deliver: (([(id: RecordID, body: any RecordBody)]) -> Void)? = nil
    ) throws(IssueList) -> Parsed {
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: false)
        } catch {
            throw IssueList([Issue(line: 1, column: nil, message: "not a readable CSV file (\(error))")])
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var issues: [Issue] = []
        for name in header where !columns.contains(name) {
            issues.append(Issue(line: 1, column: name, message: "is not a column Whereabouts knows"))
        }
        for name in required where !header.contains(name) {
            issues.append(Issue(line: 1, column: name, message: "the column is required"))
        }
        if Set(header).count != header.count {
            issues.append(Issue(line: 1, column: nil, message: "a column is named twice"))
        }
        guard issues.isEmpty else { throw IssueList(issues) }

        var builder = Builder(vocabulary: vocabulary)
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy(\.isEmpty) { continue }
            var row: [String: String] = [:]
            for (index, name) in header.enumerated() where index < fields.count {
                // A cell `export csv` neutralised reads back as it was stored (``SpreadsheetCell``).
                let field = SpreadsheetCell.restored(fields[index].trimmed)
                if !field.isEmpty { row[name] = field }
            }
            if fields.count > header.count {
                issues.append(Issue(line: line, column: nil, message: "has more fields than the header has columns"))
                continue
            }
            issues += builder.add(row, line: line)
            if issues.count >= maxIssues { break }
            if line % 1000 == 0 { progress?(line - 1) }
            if let deliver, issues.isEmpty, builder.parsed.rows % batchRows == 0 { deliver(builder.takeRecords()) }
        }
        // CSV.swift reports the end of a stream as `cannotReadFile`; only a real read error counts.
        if let error = reader.error, !(stream.streamStatus == .atEnd && "\(error)" == "cannotReadFile") {
            issues.append(Issue(line: line, column: nil, message: "the CSV is malformed (\(error))"))
        }
        guard issues.isEmpty else { throw IssueList(Array(issues.prefix(maxIssues))) }
        progress?(line - 1)
        var parsed = builder.parsed
        if let deliver {
            deliver(builder.takeRecords())
        } else {
            parsed.records = builder.takeRecords()
        }
        return parsed
    }

    /// Every issue of a file.
    public struct IssueList: Error, Sendable, CustomStringConvertible {
        public let issues: [Issue]
        init(_ issues: [Issue]) { self.issues = issues }
        public var description: String { issues.map(\.description).joined(separator: "\n") }
    }
}
