import Foundation
import Testing

@testable import WhereaboutsEstimation

@Suite("estimates and their validity")
struct EstimatorTests {
    @Test("fewer than three lists is not estimable, not a number")
    func twoListsAreNotEstimable() throws {
        let table = try OverlapTable(lists: ["a", "b"], counts: [0b01: 120, 0b10: 80, 0b11: 40])
        for method in EstimationMethod.allCases {
            let estimate = try Estimator.estimate(table, EstimationRequest(method: method))
            #expect(estimate.status == .notEstimable)
            #expect(estimate.estimate == nil && estimate.lower == nil && estimate.upper == nil)
            #expect(estimate.reason?.contains("not estimable") == true)
            #expect(estimate.observed == 240)
            #expect(estimate.tableHash == table.hash)
        }
    }

    @Test("the estimate records the observed count, interval, model, lists, settings and the table's hash")
    func recordsEverything() throws {
        let table = try FixtureTables.kosovo
        let estimate = try Estimator.estimate(table, EstimationRequest(method: .loglinearBIC, maxOrder: 3))
        #expect(estimate.status == .estimated)
        #expect(estimate.observed == 4400)
        let value = try #require(estimate.estimate)
        #expect(abs(value - 10_356.5) <= 0.5)
        let lower = try #require(estimate.lower)
        let upper = try #require(estimate.upper)
        #expect(lower < 10_356.5 && upper > 10_356.5)
        #expect(estimate.model.contains("[123,14,34]") && estimate.model.contains("BIC"))
        #expect(estimate.lists == ["EXH", "ABA", "OSCE", "HRW"])
        #expect(estimate.listSizes.reduce(0, +) > 4400)
        #expect(estimate.settings == ["maxOrder": "3", "criterion": "BIC"])
        #expect(estimate.tableHash == table.hash)
        #expect(estimate.alternatives?.first?.model == "[123,14,34]")
        #expect(estimate.warnings.isEmpty)
        let json = try JSONEncoder().encode(estimate)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        for key in ["observed", "estimate", "lower", "upper", "model", "lists"] { #expect(object[key] != nil) }
        #expect(try JSONDecoder().decode(Estimate.self, from: json) == estimate)
    }

    @Test("AIC may choose another model; the choice is stated")
    func choiceIsStated() throws {
        let estimate = try Estimator.estimate(try FixtureTables.kosovo, EstimationRequest(method: .loglinearAIC))
        #expect(estimate.model.contains("chosen by AIC among 113 hierarchical models up to order 3"))
    }

    @Test("sparse tables and small lists are warned about")
    func warnsAboutSparseTablesAndSmallLists() throws {
        let table = try OverlapTable(
            lists: ["a", "b", "c", "d"], counts: [0b0001: 30, 0b0010: 25, 0b0011: 6, 0b0100: 4, 0b1000: 12])
        let estimate = try Estimator.estimate(table, EstimationRequest(method: .loglinearBIC, maxOrder: 2))
        #expect(estimate.warnings.contains { $0.hasPrefix("sparse table: 10 of 15") })
        #expect(estimate.warnings.contains("list c holds only 4 persons"))
        #expect(estimate.warnings.contains("list d shares nobody with the other lists"))
    }

    @Test("settings that cannot be honoured are refused")
    func refusesBadSettings() throws {
        let table = try FixtureTables.kosovo
        #expect(throws: EstimationError.self) {
            try Estimator.estimate(table, EstimationRequest(method: .loglinearBIC, maxOrder: 4))
        }
        var settings = LatentClassSettings()
        settings.classes = 1
        #expect(throws: EstimationError.self) {
            try Estimator.estimate(table, EstimationRequest(method: .latentClass, latentClass: settings))
        }
    }
}

/// Lists drawn from a known population: the linkage development set of 3,000 persons (2,011 on at
/// least one list), its `source` column as the lists. The truth column builds the table here, so
/// this checks the estimation alone, not the linkage.
@Suite("a known population")
struct KnownPopulationTests {
    static func table() throws -> OverlapTable {
        let path = try #require(Bundle.module.path(forResource: "Fixtures/cjk_names_dev", ofType: "csv"))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let source = try #require(header.firstIndex(of: "source"))
        let person = try #require(header.firstIndex(of: "person_id"))
        var listsOf: [String: Set<String>] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            listsOf[fields[person], default: []].insert(fields[source])
        }
        let lists = Set(listsOf.values.flatMap { $0 }).sorted()
        var counts: [Int: Int] = [:]
        for on in listsOf.values {
            let pattern = lists.indices.reduce(0) { on.contains(lists[$1]) ? $0 | (1 << $1) : $0 }
            counts[pattern, default: 0] += 1
        }
        return try OverlapTable(lists: lists, counts: counts)
    }

    @Test("the 95% interval covers the 3,000 persons the lists were drawn from")
    func coversTruth() throws {
        let table = try Self.table()
        #expect(table.observed == 2011)
        #expect(table.lists.count == 5)
        for method in [EstimationMethod.loglinearBIC, .latentClass] {
            var request = EstimationRequest(method: method)
            request.latentClass = LatentClassTests.settings
            let estimate = try Estimator.estimate(table, request)
            let lower = try #require(estimate.lower)
            let upper = try #require(estimate.upper)
            #expect(lower <= 3000 && upper >= 3000, "\(method): \(lower)–\(upper)")
        }
    }
}
