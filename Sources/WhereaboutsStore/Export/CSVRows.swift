import CSV
import Foundation
import WhereaboutsCore

/// Rows of a CSV file as Whereabouts writes every one (case lists, statistics, linkage results):
/// RFC 4180 quoting by CSV.swift, lines ending in a line feed, and every text cell neutralised by
/// ``SpreadsheetCell`` so that nothing in it runs as a spreadsheet formula; a neutralised cell is
/// always quoted, so its leading quote stays inside the field.
public enum CSVRows {
    /// One cell: text (neutralised), or a number this program formatted (written as it is: a number
    /// is not a formula, and a negative one must stay a number).
    public enum Cell: Sendable, Hashable, ExpressibleByStringLiteral {
        case text(String)
        case integer(Int)
        case decimal(Double)

        public init(stringLiteral value: String) { self = .text(value) }

        /// The field as written, and whether it must be quoted.
        var field: (value: String, quoted: Bool) {
            switch self {
            case .text(let text):
                let neutralised = SpreadsheetCell.neutralised(text)
                return (neutralised, neutralised != text)
            case .integer(let number): return (String(number), false)
            case .decimal(let number): return (number.isFinite ? String(number) : "", false)
            }
        }
    }

    /// The rows as CSV text, each line ending in a line feed.
    public static func data(_ rows: [[Cell]]) -> Data {
        guard !rows.isEmpty else { return Data() }
        let stream = OutputStream(toMemory: ())
        // Writing to memory cannot fail except by running out of it.
        let writer = try! CSVWriter(stream: stream)
        for row in rows {
            let fields = row.map(\.field)
            try! writer.write(row: fields.map(\.value), quotedAtIndex: { fields[$0].quoted })
        }
        writer.stream.close()
        var data = (stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data()
        data.append(0x0A)
        return data
    }

    /// Rows of text cells as CSV text.
    public static func data(_ rows: [[String]]) -> Data { data(rows.map { $0.map(Cell.text) }) }

    /// One row as CSV text, ending in a line feed.
    public static func line(_ row: [Cell]) -> String { String(decoding: data([row]), as: UTF8.self) }
}
