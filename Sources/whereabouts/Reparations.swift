import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// `whereabouts reparations report|decide`: the reparations report (decision 0032), and a rule set
/// applied to a claim with the decision it gives recorded.
struct Reparations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reparations: the report of claims from application to delivery; decisions under a rule set.",
        subcommands: [Report.self, Decide.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Claims from application to delivery (applications, direct and indirect victims, recognised, granted, delivered), small cells suppressed."
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "What the rows are: form, violation or year.") var by: ReparationsReport.Breakdown = .year
        @Option(help: "Counts below this are suppressed, with the rows that would reveal them.") var minCell = 5
        @Flag(help: "JSON (a suppressed figure is the word \"suppressed\") instead of CSV.") var json = false

        func validate() throws {
            guard (1...1000).contains(minCell) else { throw ValidationError("--min-cell must be from 1 to 1000") }
        }

        func run() async throws {
            let report = try await store.withOperations("whereabouts.reparations") { operations in
                try await operations.reparations.report(
                    by: by, threshold: minCell, actor: StoreOptions.operatorName, access: .operatorAccess, from: .cli)
            }
            if json {
                FileHandle.standardOutput.write(try ReparationsReportExport.json(report))
                print()
            } else {
                FileHandle.standardOutput.write(ReparationsReportExport.csv(report))
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a rule set's current version to a claim and record the decision, printing it as JSON.")

        @OptionGroup var store: StoreOptions
        @Option(help: "The claim's id.") var claim: String
        @Option(help: "The rule set's id.") var rules: String
        @Option(help: "The day of the decision, YYYY-MM-DD (default today).") var on: String?

        func run() async throws {
            guard let claimID = RecordID(claim) else { throw ValidationError("--claim is not a record id") }
            guard let rulesID = RecordID(rules) else { throw ValidationError("--rules is not a record id") }
            let day = try on.map { text in
                guard let day = Day(iso: text) else { throw ValidationError("--on is not a day (YYYY-MM-DD)") }
                return day
            }
            let record = try await store.withOperations("whereabouts.reparations") { operations in
                try await operations.reparations.decide(
                    claim: claimID, rules: rulesID, on: day ?? Day(utc: Date()),
                    by: .operatorWriter(actor: StoreOptions.operatorName))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(record))
            print()
        }
    }
}

extension ReparationsReport.Breakdown: ExpressibleByArgument {}
