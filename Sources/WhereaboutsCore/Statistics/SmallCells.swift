/// Small-cell suppression for published statistics: a count of a few people can single them out.
///
/// The counts given must be of categories that do not overlap (each record in one category at
/// most), so that the published cells, the sum of the suppressed ones (the remainder) and the total
/// are the only relations between them. Then:
/// - counts from 1 to `threshold - 1` are suppressed (primary suppression); zero is published as it is;
/// - while the suppressed cells could be worked out, or narrowed below the threshold, from the
///   remainder (fewer than two of them, or a remainder less than `threshold + suppressed - 1`, so that
///   one of them could not be as large as the threshold), the smallest published non-zero cell is
///   suppressed too, or all of the smallest when several are equal (complementary suppression);
/// - when no cell is left to add, the remainder and the total are suppressed as well.
///
/// Every suppressed cell is then known only to lie between 1 and at least the threshold, whatever
/// is subtracted from what; suppressed cells are all shown alike, so the small ones cannot be told
/// from those suppressed to protect them.
public enum SmallCells {
    /// What stands in every suppressed figure.
    public static let mark = "suppressed"

    /// One published cell: its label and what is shown for it.
    public struct Cell: Sendable, Hashable {
        public let label: String
        /// The count, or `nil` when it is suppressed.
        public let count: Int?
        public var suppressed: Bool { count == nil }
        public var shown: String { count.map(String.init) ?? SmallCells.mark }
    }

    /// A table as it may be published: its cells in the order given, the sum of the suppressed cells
    /// and the total, which is the sum of the published cells and the remainder.
    public struct Table: Sendable, Hashable {
        public let cells: [Cell]
        /// The sum of the suppressed cells (0 when there are none), or `nil` when it is suppressed.
        public let remainder: Int?
        /// The sum of every cell, or `nil` when the remainder is suppressed (it would tell it).
        public let total: Int?

        public var shownRemainder: String { remainder.map(String.init) ?? SmallCells.mark }
        public var shownTotal: String { total.map(String.init) ?? SmallCells.mark }
    }

    /// The cells as they may be published, with the remainder and the total.
    public static func publish(_ counts: [(label: String, count: Int)], threshold: Int = 5) -> Table {
        let threshold = max(1, threshold)
        var suppressed = Set(counts.indices.filter { (1..<threshold).contains(counts[$0].count) })
        var remainder = suppressed.reduce(0) { $0 + counts[$1].count }
        func protects() -> Bool {
            suppressed.isEmpty || (suppressed.count >= 2 && remainder - (suppressed.count - 1) >= threshold)
        }
        while !protects() {
            // The smallest published non-zero cells: all of them when several are equally small, as
            // picking one by its place would tell which of the suppressed cells it was.
            let candidates = counts.indices.filter { !suppressed.contains($0) && counts[$0].count > 0 }
            guard let smallest = candidates.map({ counts[$0].count }).min() else { break }
            for index in candidates where counts[index].count == smallest {
                suppressed.insert(index)
                remainder += smallest
            }
        }
        let published = protects()
        let cells = counts.indices.map { index in
            Cell(label: counts[index].label, count: suppressed.contains(index) ? nil : counts[index].count)
        }
        return Table(
            cells: cells, remainder: published ? remainder : nil,
            total: published ? counts.reduce(0) { $0 + $1.count } : nil)
    }
}
