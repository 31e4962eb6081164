/// Small-cell suppression for a table of counts whose rows are categories that do not overlap and
/// whose columns each have a published total (decision 0032).
///
/// The columns may be related within a row (stages of one process, each at most the one before; or
/// parts of another column): so a row is suppressed whole or not at all, and a suppressed cell's
/// value is tied to nothing published in its row. Then:
/// - a row with any count from 1 to `threshold - 1` is suppressed (primary suppression);
/// - while a column's suppressed cells could be told, or narrowed below the threshold, from its total
///   — one suppressed row, or a sum of the column's suppressed cells that leaves one of them no room
///   to reach the threshold were each of the others at least 1 (as ``SmallCells``) — the rows with
///   the smallest non-zero count in that column are suppressed too, all of them when several are
///   equal (complementary suppression);
/// - a column whose suppressed cells still cannot be protected (no row left to add), or whose total
///   is from 1 to `threshold - 1`, has its total suppressed.
///
/// A column whose suppressed cells are all zero is published as such (zero singles no one out).
/// The exhaustive test (`SuppressedTableTests`) checks, for every small table, that an attacker who
/// knows this rule, every published figure and the relations between the columns can neither tell a
/// suppressed small cell's value nor rule out that it reaches the threshold.
public enum SuppressedTable {
    /// A table as it may be published; `nil` stands for a suppressed figure.
    public struct Published: Sendable, Hashable {
        public let rows: [(label: String, cells: [Int?])]
        public let totals: [Int?]

        public static func == (lhs: Published, rhs: Published) -> Bool {
            lhs.totals == rhs.totals && lhs.rows.map(\.label) == rhs.rows.map(\.label)
                && lhs.rows.map(\.cells) == rhs.rows.map(\.cells)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(totals)
            for row in rows {
                hasher.combine(row.label)
                hasher.combine(row.cells)
            }
        }
    }

    /// `rows` as they may be published: every row has one count per column.
    public static func publish(_ rows: [(label: String, counts: [Int])], columns: Int, threshold: Int = 5) -> Published
    {
        let threshold = max(1, threshold)
        let small = 1..<threshold
        var suppressed = Set(rows.indices.filter { rows[$0].counts.contains(where: small.contains) })
        func remainder(_ column: Int) -> Int { suppressed.reduce(0) { $0 + rows[$1].counts[column] } }
        func protected(_ column: Int) -> Bool {
            let sum = remainder(column)
            return sum == 0 || (suppressed.count >= 2 && sum - (suppressed.count - 1) >= threshold)
        }
        var unprotectable = Set<Int>()
        while let column = (0..<columns).first(where: { !protected($0) && !unprotectable.contains($0) }) {
            let candidates = rows.indices.filter { !suppressed.contains($0) && rows[$0].counts[column] > 0 }
            guard let smallest = candidates.map({ rows[$0].counts[column] }).min() else {
                unprotectable.insert(column)
                continue
            }
            suppressed.formUnion(candidates.filter { rows[$0].counts[column] == smallest })
            unprotectable.removeAll()
        }
        let totals = (0..<columns).map { column -> Int? in
            let total = rows.reduce(0) { $0 + $1.counts[column] }
            return protected(column) && !small.contains(total) ? total : nil
        }
        let published = rows.indices.map { index in
            (
                label: rows[index].label,
                cells: suppressed.contains(index)
                    ? rows[index].counts.map { _ in nil as Int? }
                    : rows[index].counts.map(Optional.some)
            )
        }
        return Published(rows: published, totals: totals)
    }
}
