import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsEstimation
import WhereaboutsOperations
import WhereaboutsStore
import WhereaboutsTestSupport

/// The linkage development set of 3,000 persons (2,011 on at least one list) put in a store as the
/// lists hold it — a source per list, each record a person named as the victim of an act citing its
/// list — with reviewers' decisions joining the records of one person (taken from the truth column,
/// as perfect reviewers would decide). The truth columns are read only to make the decisions and to
/// check.
@Suite("estimates from a store of a known population", .serialized)
struct EstimateKnownPopulationTests {
    static func rows() throws -> [KnownPopulationLists.Row] {
        try KnownPopulationLists.rows(
            csv: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("WhereaboutsLinkageTests/Fixtures/cjk_names_dev.csv").path)
    }

    @Test(
        "with linkage given by reviewers' decisions, the store's overlap table is the truth's, and the 95% interval covers the 3,000"
    )
    func storeTableIsTheTruths() async throws {
        let rows = try Self.rows()
        try await OperationsFixture.with { fixture in
            let recordsOf = try await KnownPopulationLists.store(rows, in: fixture.store).recordsOf
            // A reviewer's "same" on consecutive records of each person.
            let pairs = recordsOf.values.flatMap { ids in zip(ids, ids.dropFirst()).map { ($0, $1) } }
            _ = try await fixture.store.propose(
                pairs.map { NewMatch($0.0, $0.1, origin: .link, probability: 0.9, weight: 5, reasons: []) },
                at: fixture.clock.date)
            let decided = try await KnownPopulationLists.decideAll(
                fixture.store, .same, by: "ana", at: fixture.clock.date)
            #expect(decided == pairs.count)

            let truth = try OverlapTable(
                lists: Set(rows.map(\.list)).sorted(),
                persons: Dictionary(grouping: rows, by: \.person).values.map { Set($0.map(\.list)) })
            #expect(truth.observed == 2011)
            let operations = EstimateOperations(store: fixture.store, audit: fixture.audit)
            let result = try await operations.estimate(
                OverlapQuery(lists: .source), EstimationRequest(), by: "cli", access: .operatorAccess, from: .cli)
            let table = try #require(result.whole.table)
            #expect(table == truth)
            #expect(result.whole.estimate.tableHash == truth.hash)
            #expect(result.decisionsApplied == pairs.count)
            #expect(result.personsListedTwice == 0)  // the truth never joins two records of one list
            let lower = try #require(result.whole.estimate.lower)
            let upper = try #require(result.whole.estimate.upper)
            #expect(lower <= 3000 && 3000 <= upper, "\(lower)–\(upper)")
            if ProcessInfo.processInfo.environment["WHEREABOUTS_PRINT_FIGURES"] != nil {
                print("truth decisions: N̂ \(result.whole.estimate.estimate ?? 0), 95% \(lower)–\(upper)")
            }
        }
    }

    @Test(
        "with the project's own linkage (a reviewer accepting every pair `link` finds more likely than not), the latent-class interval still covers the 3,000"
    )
    func ownLinkage() async throws {
        let rows = try Self.rows()
        try await OperationsFixture.with { fixture in
            _ = try await KnownPopulationLists.store(rows, in: fixture.store)
            let matches = MatchOperations(store: fixture.store, audit: fixture.audit, clock: fixture.clock.function)
            _ = try await matches.linkPersons(keepAbove: 0.05, by: "operator", from: .cli)
            let accepted = try await KnownPopulationLists.decideAll(
                fixture.store, .same, by: "ana", at: fixture.clock.date
            ) { $0.probability >= 0.5 }
            #expect(accepted > 900)
            let operations = EstimateOperations(store: fixture.store, audit: fixture.audit)
            var figures: [String] = []
            for method in [EstimationMethod.loglinearBIC, .latentClass] {
                var request = EstimationRequest(method: method)
                request.latentClass = LatentClassSettings(burnIn: 2_000, samples: 2_000, thinning: 5)
                let result = try await operations.estimate(
                    OverlapQuery(lists: .source), request, by: "cli", access: .operatorAccess, from: .cli)
                let estimate = result.whole.estimate
                figures.append(
                    "\(method.rawValue): observed \(estimate.observed), N̂ \(estimate.estimate ?? 0), 95% \(estimate.lower ?? 0)–\(estimate.upper ?? .infinity)"
                )
                #expect(abs(estimate.observed - 2011) < 100)
                if method == .latentClass {
                    let lower = try #require(estimate.lower)
                    let upper = try #require(estimate.upper)
                    #expect(lower <= 3000 && 3000 <= upper, "\(figures)")
                }
            }
            if ProcessInfo.processInfo.environment["WHEREABOUTS_PRINT_FIGURES"] != nil { print(figures) }
        }
    }
}
