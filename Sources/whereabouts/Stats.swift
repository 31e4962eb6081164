import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// `whereabouts stats`: counts for publication, with small cells suppressed.
struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Counts for publication (acts by violation type, persons by fate or nationality), small cells suppressed.")

    enum Breakdown: String, ExpressibleByArgument, CaseIterable {
        case violationType = "violation-type"
        case fate
        case nationality

        var facet: (FacetName, RecordKind) {
            switch self {
            case .violationType: return (.violationType, .act)
            case .fate: return (.fate, .person)
            case .nationality: return (.country, .person)
            }
        }
    }

    @OptionGroup var store: StoreOptions
    @Option(help: "violation-type, fate or nationality.") var by: Breakdown = .violationType
    @Option(help: "Counts below this are shown as <N (and one more cell when needed to stop subtraction).")
    var minCell = 5
    @Flag(help: "CSV instead of aligned text.") var csv = false

    func validate() throws {
        guard (1...1000).contains(minCell) else { throw ValidationError("--min-cell must be from 1 to 1000") }
    }

    func run() async throws {
        let (facet, kind) = by.facet
        let rows = try await store.withStore("whereabouts.stats") { records in
            let counts = try await records.facetCounts(facet, kind: kind, access: .operatorAccess)
            let vocabulary = records.vocabularyIndex
            return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { code, count in
                let label = by == .violationType ? vocabulary.term(.violationTypes, code)?.labels["en"] ?? code : code
                return (label: label, count: count)
            }
        }
        let (cells, total) = SmallCells.publish(rows, threshold: minCell)
        if csv {
            print(CSVRows.line(["value", "count"]), terminator: "")
            for cell in cells { print(CSVRows.line([.text(cell.label), .text(cell.shown)]), terminator: "") }
            print(CSVRows.line(["total", .integer(total)]), terminator: "")
        } else {
            let width = max(5, cells.map { $0.label.count }.max() ?? 0)
            for cell in cells {
                print(cell.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + cell.shown)
            }
            print("total".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(total))
        }
    }
}
