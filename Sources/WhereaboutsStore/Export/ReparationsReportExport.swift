import Foundation
import WhereaboutsCore

/// The reparations report as a file (decision 0032), written by this one function for the page's
/// links, `GET /api/v1/reparations/report` and `whereabouts reparations report`: a row per category
/// and a `total` row, a column per stage; a suppressed figure is the word `suppressed`, never a number.
public enum ReparationsReportExport {
    /// The label of the totals row.
    public static let totalLabel = "total"

    /// One row of the file: its label and each stage's figure (`nil` when suppressed).
    static func rows(_ report: ReparationsReport) -> [(label: String, cells: [Int?])] {
        report.table.rows + [(label: totalLabel, cells: report.table.totals)]
    }

    public static func csv(_ report: ReparationsReport) -> Data {
        let header: [CSVRows.Cell] =
            [.text(report.breakdown.rawValue)]
            + ReparationsReport.Stage.allCases.map {
                .text($0.rawValue)
            }
        return CSVRows.data(
            [header]
                + rows(report).map { row in
                    [.text(row.label)] + row.cells.map { $0.map(CSVRows.Cell.integer) ?? .text(SmallCells.mark) }
                })
    }

    public static func json(_ report: ReparationsReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(Document(report))
    }

    /// The JSON file: the breakdown, the threshold, the stages in order and the rows.
    struct Document: Encodable {
        let by: String
        let threshold: Int
        let stages: [String]
        let rows: [Row]

        init(_ report: ReparationsReport) {
            by = report.breakdown.rawValue
            threshold = report.threshold
            stages = ReparationsReport.Stage.allCases.map(\.rawValue)
            rows = ReparationsReportExport.rows(report).map { Row(label: $0.label, cells: $0.cells) }
        }
    }

    /// A row: `label`, then a key per stage holding the count or `"suppressed"`.
    struct Row: Encodable {
        let label: String
        let cells: [Int?]

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(label, forKey: Key(stringValue: "label"))
            for (stage, cell) in zip(ReparationsReport.Stage.allCases, cells) {
                if let cell {
                    try container.encode(cell, forKey: Key(stringValue: stage.rawValue))
                } else {
                    try container.encode(SmallCells.mark, forKey: Key(stringValue: stage.rawValue))
                }
            }
        }
    }
}
