/// The records to link, column by column: one table for deduplication, or two files stacked (the
/// first `firstSideCount` rows are file A) for linking one file to another.
public struct LinkTable: Sendable {
    /// Each record's identifier as the input gave it.
    public let ids: [String]
    /// Values by column name; `nil` (or an empty string in the input) is a missing value.
    public let columns: [String: [String?]]
    /// How many leading records belong to the first file when linking two files; `nil` to deduplicate.
    public let firstSideCount: Int?

    public init(ids: [String], columns: [String: [String?]], firstSideCount: Int? = nil) throws(LinkageError) {
        for (name, values) in columns where values.count != ids.count {
            throw .badInput("column '\(name)' has \(values.count) values for \(ids.count) records")
        }
        if let firstSideCount, !(0...ids.count).contains(firstSideCount) {
            throw .badInput("the first file's size \(firstSideCount) is outside 0…\(ids.count)")
        }
        self.ids = ids
        self.columns = columns
        self.firstSideCount = firstSideCount
    }

    /// The number of records.
    public var count: Int { ids.count }

    /// The values of a column, or a column of missing values when the table has no such column.
    public func column(_ name: String) -> [String?] {
        columns[name] ?? [String?](repeating: nil, count: ids.count)
    }

    /// Whether a pair may be compared: any two records when deduplicating, one from each file when
    /// linking two files.
    @inline(__always)
    public func comparable(_ a: Int, _ b: Int) -> Bool {
        guard let firstSideCount else { return a != b }
        return (a < firstSideCount) != (b < firstSideCount)
    }
}

/// Why linkage could not run.
public enum LinkageError: Error, Equatable, Sendable, CustomStringConvertible {
    case badInput(String)
    case tooFewRecords

    public var description: String {
        switch self {
        case .badInput(let message): return message
        case .tooFewRecords: return "linkage needs at least two records (one in each file when linking two files)"
        }
    }
}
