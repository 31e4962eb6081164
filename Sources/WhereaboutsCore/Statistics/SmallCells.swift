/// Small-cell suppression for published statistics: a count of a few people can single them out,
/// so counts from 1 to `threshold - 1` are shown as `<threshold`. When a total is published and only
/// one cell is suppressed, it could be worked out from the total, so the next smallest cell is
/// suppressed as well (complementary suppression). Zero is published as it is.
public enum SmallCells {
    /// One published cell: its label and what is shown for it.
    public struct Cell: Sendable, Hashable {
        public let label: String
        public let shown: String
        public let suppressed: Bool
    }

    /// The cells as they may be published, in the order given, with the total.
    public static func publish(_ counts: [(label: String, count: Int)], threshold: Int = 5) -> (
        cells: [Cell], total: Int
    ) {
        let threshold = max(1, threshold)
        var suppress = Set(counts.indices.filter { (1..<threshold).contains(counts[$0].count) })
        if suppress.count == 1,
            let next = counts.indices.filter({ !suppress.contains($0) && counts[$0].count > 0 })
                .min(by: { counts[$0].count < counts[$1].count })
        {
            suppress.insert(next)
        }
        let cells = counts.indices.map { index in
            suppress.contains(index)
                ? Cell(label: counts[index].label, shown: "<\(threshold)", suppressed: true)
                : Cell(label: counts[index].label, shown: String(counts[index].count), suppressed: false)
        }
        return (cells, counts.map(\.count).reduce(0, +))
    }
}
