import ArgumentParser
import Foundation
import Logging
import WhereaboutsCore
import WhereaboutsEstimation
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// `whereabouts-bench known-population`: issue 17's check on lists drawn from a known population (the
/// linkage development sets of 3,000, 20,000 and 100,000 persons). The rows go into a store as the
/// lists hold them — a source per list, each record a person named as the victim of an act citing its
/// list — and the estimate is made twice: with reviewers' decisions joining each true person's records
/// (the truth column, read only for that), and with the project's own linkage (`link`, a reviewer
/// accepting every pair it finds at least `accept` likely, nothing else). Whether each 95% interval
/// covers the population is printed beside it.
struct KnownPopulationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "known-population",
        abstract: "Estimates from a store holding lists drawn from a known population, linked by truth and by `link`.")

    @Option(help: "A linkage development set (record_id,source,person_id,name_recorded,sex,dob_raw,…).")
    var fixture = "../shared/fixtures/linkage/cjk_names_dev_20000.csv"
    @Option(help: "The size of the population the lists were drawn from.") var population = 20_000
    @Option(help: "The least probability of a pair `link` finds that the reviewer accepts.") var accept = 0.5
    @Flag(
        help:
            "The reviewer takes pairs from the most likely down and declines one that would make one person of two records on the same list."
    )
    var keepListsApart = false

    func run() async throws {
        let rows = try KnownPopulationLists.rows(csv: fixture)
        let truthObserved = Set(rows.map(\.person)).count
        print(
            "\(URL(fileURLWithPath: fixture).lastPathComponent): \(rows.count) records on \(Set(rows.map(\.list)).count) lists, "
                + "\(truthObserved) persons listed, drawn from \(population)")
        for linkage in ["truth", "link"] {
            try await Self.withStore { store, audit in
                let (stored, storing) = try await Measure.seconds {
                    try await KnownPopulationLists.store(rows, in: store)
                }
                var line = "\(linkage): stored in \(Measure.format(storing, 1)) s"
                if linkage == "truth" {
                    let pairs = stored.recordsOf.values.flatMap { ids in zip(ids, ids.dropFirst()).map { ($0, $1) } }
                    let (decided, seconds) = try await Measure.seconds {
                        _ = try await store.propose(
                            pairs.map { NewMatch($0.0, $0.1, origin: .link, probability: 0.9, weight: 5, reasons: []) },
                            at: Date())
                        return try await KnownPopulationLists.decideAll(store, .same, by: "reviewer", at: Date())
                    }
                    line += ", \(decided) decisions from the truth in \(Measure.format(seconds, 1)) s"
                } else {
                    let matches = MatchOperations(store: store, audit: audit)
                    let (summary, linking) = try await Measure.seconds {
                        try await matches.linkPersons(keepAbove: 0.05, by: "bench", from: .cli)
                    }
                    let (decided, deciding) = try await Measure.seconds {
                        if keepListsApart {
                            return try await KnownPopulationLists.decideKeepingListsApart(
                                store, lists: stored.listOf, by: "reviewer", at: Date()
                            ) { $0.probability >= accept }
                        }
                        let accepted = try await KnownPopulationLists.decideAll(
                            store, .same, by: "reviewer", at: Date()
                        ) { $0.probability >= accept }
                        return (accepted, 0)
                    }
                    line +=
                        ", `link` \(Measure.format(linking, 1)) s (\(summary.proposed) pairs proposed), "
                        + "\(decided.accepted) accepted at ≥ \(accept)"
                        + (keepListsApart ? " and \(decided.declined) declined as joining two records of one list" : "")
                        + " in \(Measure.format(deciding, 1)) s"
                }
                print(line)
                let operations = EstimateOperations(store: store, audit: audit)
                for method in [EstimationMethod.loglinearBIC, .latentClass] {
                    var request = EstimationRequest(method: method)
                    request.latentClass = LatentClassSettings(burnIn: 2_000, samples: 2_000, thinning: 5)
                    let (result, seconds) = try await Measure.seconds {
                        try await operations.estimate(
                            OverlapQuery(lists: .source), request, by: "bench", access: .operatorAccess, from: .cli)
                    }
                    let estimate = result.whole.estimate
                    let covers =
                        (estimate.lower ?? .infinity) <= Double(population)
                        && Double(population) <= (estimate.upper ?? -.infinity)
                    print(
                        "  \(method.rawValue): observed \(estimate.observed) (truth \(truthObserved)), "
                            + "N̂ \(Measure.format(estimate.estimate ?? .nan, 1)), 95% \(Measure.format(estimate.lower ?? .nan, 0))–"
                            + "\(Measure.format(estimate.upper ?? .nan, 0)): \(covers ? "covers" : "MISSES") \(population) "
                            + "(\(Measure.format(seconds, 1)) s; \(estimate.model))")
                }
            }
        }
    }

    /// A fresh embedded store in a temporary folder, removed afterwards.
    static func withStore(_ body: (SQLRecordStore, AuditLog) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whereabouts-known-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let handle = try await SQLiteHandle.open(
            path: folder.appendingPathComponent("known.sqlite").path, logger: logger)
        let store = try await SQLRecordStore.open(
            handle, clock: { Date() }, logger: logger, protection: .sealed(.ephemeral()))
        do {
            try await body(store, AuditLog(database: handle, clock: { Date() }, signer: nil))
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }
}
