import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// `whereabouts stats`: counts for publication, over categories that do not overlap, with small
/// cells and the cells that would reveal them suppressed (``SmallCells``).
struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Counts for publication (acts by top-level violation type, persons by fate or by nationalities), each record counted once, small cells suppressed."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "violation-type (top level), fate or nationality.") var by: StatisticsBreakdown = .violationType
    @Option(
        help:
            "Counts below this are suppressed, with as many more cells as it takes that none can be worked out from the others and the total."
    )
    var minCell = 5
    @Flag(help: "CSV instead of aligned text.") var csv = false

    func validate() throws {
        guard (1...1000).contains(minCell) else { throw ValidationError("--min-cell must be from 1 to 1000") }
    }

    func run() async throws {
        let counts = try await store.withStore("whereabouts.stats") { records in
            try await records.categoryCounts(by: by, access: .operatorAccess)
        }
        let table = SmallCells.publish(counts, threshold: minCell)
        let rows: [(label: String, count: Int?)] =
            table.cells.map { ($0.label, $0.count) }
            + [("suppressed cells", table.remainder), ("total", table.total)]
        if csv {
            let cells: [[CSVRows.Cell]] =
                [["value", "count"]]
                + rows.map { [.text($0.label), $0.count.map(CSVRows.Cell.integer) ?? .text(SmallCells.mark)] }
            FileHandle.standardOutput.write(CSVRows.data(cells))
        } else {
            let width = max(16, rows.map(\.label.count).max() ?? 0)
            for row in rows {
                print(
                    row.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + (row.count.map(String.init) ?? SmallCells.mark))
            }
        }
    }
}

extension StatisticsBreakdown: ExpressibleByArgument {}
