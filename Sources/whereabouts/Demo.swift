import ArgumentParser
import Foundation
import WhereaboutsDemo
import WhereaboutsStore

/// `whereabouts demo`: loads the fictional demonstration data set.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a fictional demonstration data set (no real person's data) in one transaction.")

    @OptionGroup var store: StoreOptions
    @Option(help: "How many events.") var events: Int = 60
    @Option(help: "Victims per event.") var personsPerEvent: Int = 3
    @Option(help: "Seed: the same seed gives the same data set.") var seed: UInt64 = 1
    @Option(help: "Share of victims also listed a second time by another source (0–1), for record linkage.")
    var duplicates = 0.15
    @Flag(help: "No progress output.") var quiet = false

    func validate() throws {
        guard (1...1_000_000).contains(events) else { throw ValidationError("--events must be from 1 to 1000000") }
        guard (1...20).contains(personsPerEvent) else {
            throw ValidationError("--persons-per-event must be from 1 to 20")
        }
        guard (0...1).contains(duplicates) else { throw ValidationError("--duplicates must be from 0 to 1") }
    }

    func run() async throws {
        let data = DemoDataSet(
            events: events, personsPerEvent: personsPerEvent, seed: seed, duplicates: duplicates
        ).records()
        let progress = ProgressLine("Loading demonstration records", total: data.count, quiet: quiet)
        let counts = try await store.withStore("whereabouts.demo") { records in
            try await records.createAll(data, by: .operatorWriter(actor: "demo")) { progress.update($0) }
            progress.finish(data.count)
            return try await records.counts(access: .operatorAccess)
        }
        print(
            "Loaded \(data.count) fictional records: "
                + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }
                .joined(separator: ", "))
    }
}
