import CSV
import Foundation
import WhereaboutsCore

/// Reads the CSV files `link-files` links: one file to deduplicate, or two to link.
public enum LinkInput {
    /// A table from one or two CSV files with a header row. `idColumn` names each record's
    /// identifier (the row number when `nil`); values are trimmed and empty ones are missing. Rows with
    /// the wrong number of fields, duplicate identifiers and invalid UTF-8 are refused with the file
    /// and line.
    public static func read(_ paths: [String], idColumn: String?) throws(LinkageError) -> LinkTable {
        guard (1...2).contains(paths.count) else { throw .badInput("give one file to deduplicate or two to link") }
        var ids: [String] = []
        var columns: [String: [String?]] = [:]
        var firstSideCount: Int?
        var seen = Set<String>()
        // Values are interned per column, so a million records with a few thousand distinct
        // surnames keep a few thousand strings.
        var interned: [String: [String: String]] = [:]
        for (fileIndex, path) in paths.enumerated() {
            let start = ids.count
            try eachRow(path) { header, row, line throws(LinkageError) in
                if row.isEmpty {
                    if let idColumn, !header.contains(idColumn) {
                        throw .badInput(
                            "\(path) has no column '\(idColumn)' (columns: \(header.joined(separator: ", ")))")
                    }
                    for name in header where columns[name] == nil {
                        columns[name] = [String?](repeating: nil, count: start)
                    }
                    return
                }
                guard row.count == header.count else {
                    throw .badInput("\(path) line \(line): \(row.count) fields where the header has \(header.count)")
                }
                var id = "\(fileIndex == 0 ? "" : "b")\(line - 1)"
                if let idColumn, let index = header.firstIndex(of: idColumn) {
                    id = row[index].trimmingCharacters(in: .whitespaces)
                    guard !id.isEmpty else {
                        throw .badInput("\(path) line \(line): the identifier '\(idColumn)' is empty")
                    }
                }
                guard seen.insert(id).inserted else {
                    throw .badInput("\(path) line \(line): the identifier '\(id)' is used twice")
                }
                ids.append(id)
                for (index, name) in header.enumerated() {
                    let value = row[index].trimmingCharacters(in: .whitespaces)
                    if value.isEmpty {
                        columns[name]!.append(nil)
                    } else if let shared = interned[name]?[value] {
                        columns[name]!.append(shared)
                    } else {
                        interned[name, default: [:]][value] = value
                        columns[name]!.append(value)
                    }
                }
            }
            for name in columns.keys where columns[name]!.count < ids.count {
                columns[name]! += [String?](repeating: nil, count: ids.count - columns[name]!.count)
            }
            if fileIndex == 0, paths.count == 2 { firstSideCount = ids.count }
        }
        return try LinkTable(ids: ids, columns: columns, firstSideCount: firstSideCount)
    }

    /// True pairs from a CSV file whose first two columns are identifiers.
    public static func truthPairs(_ path: String) throws(LinkageError) -> Set<PairwiseScores.Pair> {
        var pairs = Set<PairwiseScores.Pair>()
        try eachRow(path) { _, row, line throws(LinkageError) in
            guard !row.isEmpty else { return }
            guard row.count >= 2 else { throw .badInput("\(path) line \(line): expected two identifiers") }
            pairs.insert(
                .init(row[0].trimmingCharacters(in: .whitespaces), row[1].trimmingCharacters(in: .whitespaces)))
        }
        return pairs
    }

    /// Judged pairs from a CSV file of `id_1,id_2,same` (same: 1/0, yes/no, true/false), for records
    /// of `table`; unknown identifiers are refused with their line.
    public static func labels(_ path: String, in table: LinkTable) throws(LinkageError) -> [LabelledPair] {
        var index: [String: Int] = [:]
        for (position, id) in table.ids.enumerated() { index[id] = position }
        var labels: [LabelledPair] = []
        try eachRow(path) { _, row, line throws(LinkageError) in
            guard !row.isEmpty else { return }
            guard row.count >= 3 else { throw .badInput("\(path) line \(line): expected id_1,id_2,same") }
            let ids = row.prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let a = index[ids[0]], let b = index[ids[1]] else {
                throw .badInput(
                    "\(path) line \(line): no record '\(index[ids[0]] == nil ? ids[0] : ids[1])' in the input")
            }
            switch row[2].trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "yes", "true", "same": labels.append(LabelledPair(a, b, same: true))
            case "0", "no", "false", "different": labels.append(LabelledPair(a, b, same: false))
            default: throw .badInput("\(path) line \(line): '\(row[2])' is not 1 or 0")
            }
        }
        return labels
    }

    /// True pairs from a column that names each record's true person (records with an empty value
    /// belong to nobody else).
    public static func truthPairs(column: String, in table: LinkTable) throws(LinkageError) -> Set<PairwiseScores.Pair>
    {
        guard let values = table.columns[column] else { throw .badInput("no truth column '\(column)' in the input") }
        var groups: [String: [String]] = [:]
        for (index, value) in values.enumerated() {
            if let value { groups[value, default: []].append(table.ids[index]) }
        }
        return PairwiseScores.pairs(inGroups: Array(groups.values))
    }

    /// Calls `body` with the header and an empty row first, then with each row and its line number.
    private static func eachRow(
        _ path: String, _ body: ([String], [String], Int) throws(LinkageError) -> Void
    ) throws(LinkageError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .badInput("cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw .badInput("\(path) is not valid UTF-8") }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw .badInput("\(path) is not a CSV file with a header row: \(error)")
        }
        guard let header = reader.headerRow, !header.isEmpty, header != [""] else {
            throw .badInput("\(path) has no header row")
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        try body(names, [], 1)
        var line = 1
        while let row = reader.next() {
            line += 1
            // An identifier `link-files --out` neutralised reads back as it was (``SpreadsheetCell``).
            try body(names, row.map(SpreadsheetCell.restored), line)
        }
        if let error = reader.error { throw .badInput("\(path) line \(line + 1): \(error)") }
    }
}
