import Testing
import WhereaboutsCore

@Suite("small-cell suppression in a table of stages")
struct SuppressedTableTests {
    @Test("a row with a small count is hidden whole, with the smallest rows it takes to protect it")
    func examples() {
        let table = SuppressedTable.publish(
            [("2022", [40, 31, 9]), ("2023", [12, 8, 6]), ("2024", [3, 1, 0]), ("2025", [0, 0, 0])], columns: 3,
            threshold: 5)
        #expect(table.rows.map(\.cells) == [[40, 31, 9], [nil, nil, nil], [nil, nil, nil], [0, 0, 0]])
        #expect(table.totals == [55, 40, 15])
        // One small row and nothing to hide it behind: its column totals go.
        let alone = SuppressedTable.publish([("only", [2, 1])], columns: 2, threshold: 5)
        #expect(alone.rows[0].cells == [nil, nil] && alone.totals == [nil, nil])
        // No small count: everything is shown.
        let large = SuppressedTable.publish([("a", [9, 5]), ("b", [7, 0])], columns: 2, threshold: 5)
        #expect(large.rows.map(\.cells) == [[9, 5], [7, 0]] && large.totals == [16, 5])
    }

    /// Every table of three rows and two nested stages (the second at most the first) with counts up
    /// to `maximum`, published; then, as someone differencing would, every table that fits what is
    /// shown — the shown cells, the shown totals, the nesting — is worked out for each: a suppressed
    /// small cell must be left with more than one value, one of them at least the threshold.
    @Test(
        "no shown figure is under the threshold, and no suppressed cell can be worked out, whatever is differenced",
        arguments: [3, 5])
    func exhaustiveAttack(threshold: Int) {
        let maximum = 6
        var pairs: [[Int]] = []
        for first in 0...maximum { for second in 0...first { pairs.append([first, second]) } }
        var published: [SuppressedTable.Published: [Int]] = [:]
        for a in pairs {
            for b in pairs {
                for c in pairs {
                    let rows = [a, b, c]
                    let table = SuppressedTable.publish(
                        rows.enumerated().map { (label: "r\($0.offset)", counts: $0.element) }, columns: 2,
                        threshold: threshold)
                    for figure in table.rows.flatMap(\.cells) + table.totals {
                        if let figure { #expect(!(1..<threshold).contains(figure), "\(rows) shows \(figure)") }
                    }
                    if published[table] == nil { published[table] = rows.joined().map { $0 } }
                }
            }
        }
        var attacked = 0
        for (table, truth) in published {
            let hidden = table.rows.indices.filter { table.rows[$0].cells[0] == nil }
            guard !hidden.isEmpty else { continue }
            // Every filling of the hidden rows that fits the shown totals.
            var values: [[Int]: Set<Int>] = [:]
            func fill(_ index: Int, _ rows: [[Int]]) {
                guard index == hidden.count else {
                    for pair in pairs { fill(index + 1, rows + [pair]) }
                    return
                }
                for column in 0..<2 {
                    guard let total = table.totals[column] else { continue }
                    let shown = table.rows.compactMap { $0.cells[column] }.reduce(0, +)
                    guard rows.map({ $0[column] }).reduce(0, +) == total - shown else { return }
                }
                for (place, row) in hidden.enumerated() {
                    for column in 0..<2 { values[[row, column], default: []].insert(rows[place][column]) }
                }
            }
            fill(0, [])
            for row in hidden {
                for column in 0..<2 where (1..<threshold).contains(truth[row * 2 + column]) {
                    attacked += 1
                    let possible = values[[row, column]] ?? []
                    #expect(possible.count > 1, "cell \(row),\(column) of \(table) is always \(possible)")
                    #expect(
                        possible.contains { $0 >= threshold },
                        "cell \(row),\(column) of \(table) is below the threshold")
                }
            }
        }
        #expect(attacked > 100)
    }
}
