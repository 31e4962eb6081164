import Foundation
import Testing

@testable import WhereaboutsEstimation

/// Log-linear models against the figures Rcapture and an independent Poisson GLM give for the
/// published tables (`../shared/README.md`).
@Suite("log-linear models")
struct LogLinearTests {
    @Test("Kosovo: BIC chooses [123,14,34] among the hierarchical models, N̂ = 10,356.5 (SE 785.9)")
    func kosovoByBIC() throws {
        let table = try FixtureTables.kosovo
        let selection = try LogLinearSelection(table, criterion: .bic, maxOrder: 3)
        let best = try #require(selection.best)
        #expect(best.model.name == "[123,14,34]")
        #expect(abs(best.estimate - 10_356.5) <= 0.5)
        #expect(abs(best.standardError - 785.9) <= 0.5)
        #expect(selection.unfitted == 0)
        let interval = try #require(ProfileInterval(best, table: table))
        let upper = try #require(interval.upper)
        #expect(interval.lower < 10_356.5 && upper > 10_356.5)
    }

    @Test("a sparse table: a model that fits an empty pattern as empty is never chosen while another fits")
    func boundaryModelsSetAside() throws {
        // Three lists; nobody is on both a and b only, the pattern a boundary model empties.
        let table = try OverlapTable(
            lists: ["a", "b", "c"], counts: [0b001: 40, 0b010: 35, 0b100: 30, 0b011: 0, 0b101: 6, 0b110: 5, 0b111: 3])
        let selection = try LogLinearSelection(table, criterion: .bic, maxOrder: 2)
        let best = try #require(selection.best)
        #expect(selection.fits.contains { $0.atBoundary }, "the table must give a boundary fit to test anything")
        #expect(!best.atBoundary)
        #expect(best.estimate.isFinite && best.estimate < 100 * Double(table.observed))
        let estimate = try Estimator.estimate(table, EstimationRequest(method: .loglinearBIC, maxOrder: 2))
        #expect(estimate.estimate == best.estimate)
        #expect(estimate.warnings.contains { $0.contains("set aside") } == (selection.setAside > 0))
    }

    @Test("Rome HIV: independence gives 11,124.6")
    func romeIndependence() throws {
        let fit = try #require(LogLinearFit(.independence(listCount: 4), to: try FixtureTables.rome))
        #expect(fit.model.name == "[1,2,3,4]")
        #expect(abs(fit.estimate - 11_124.6) <= 0.1)
    }

    @Test("Rome HIV: with the 1–2 interaction 12,318.5, profile interval 10,266–14,992")
    func romeWithInteraction() throws {
        let table = try FixtureTables.rome
        let fit = try #require(LogLinearFit(LogLinearModel(listCount: 4, terms: [0b0011]), to: table))
        #expect(fit.model.name == "[12,3,4]")
        #expect(abs(fit.estimate - 12_318.5) <= 0.1)
        let interval = try #require(ProfileInterval(fit, table: table))
        #expect(abs(interval.lower - 10_266) <= 1.5)
        let upper = try #require(interval.upper)
        #expect(abs(upper - 14_992) <= 1.5)
    }

    @Test("hares: Mth Poisson2 gives 81.1 (SE 5.6)")
    func haresMthPoisson2() throws {
        let fit = try #require(LogLinearFit(.mthPoisson(listCount: 6), to: try FixtureTables.hares))
        #expect(fit.model.name == "Mth Poisson2")
        #expect(abs(fit.estimate - 81.1) <= 0.05)
        #expect(abs(fit.standardError - 5.6) <= 0.05)
    }

    @Test("the hierarchical models are every set of interactions closed under sub-terms")
    func enumeratesHierarchicalModels() throws {
        // Three lists, pairs only: the 2^3 subsets of the three pairs.
        #expect(try LogLinearModel.hierarchical(listCount: 3, maxOrder: 2).count == 8)
        // Four lists up to three-way terms: graphs on four vertices plus their allowed triangles.
        let four = try LogLinearModel.hierarchical(listCount: 4, maxOrder: 3)
        #expect(Set(four).count == four.count)
        for model in four {
            for term in model.interactions where term.nonzeroBitCount == 3 {
                for list in 0..<4 where term & (1 << list) != 0 {
                    #expect(model.interactions.contains(term & ~(1 << list)))
                }
            }
        }
        #expect(four.count == 113)
        #expect(throws: EstimationError.self) { try LogLinearModel.hierarchical(listCount: 4, maxOrder: 4) }
        #expect(throws: EstimationError.self) {
            try LogLinearModel.hierarchical(listCount: 8, maxOrder: 3, limit: 1000)
        }
    }

    @Test("a fit recovers a population drawn from an independence model")
    func recoversIndependentPopulation() throws {
        var random = SeededRandom(seed: 7)
        let chances = [0.3, 0.5, 0.2, 0.4]
        var counts: [Int: Int] = [:]
        for _ in 0..<20_000 {
            var pattern = 0
            for (list, chance) in chances.enumerated() where random.uniform() < chance { pattern |= 1 << list }
            if pattern > 0 { counts[pattern, default: 0] += 1 }
        }
        let table = try OverlapTable(lists: ["a", "b", "c", "d"], counts: counts)
        let fit = try #require(LogLinearFit(.independence(listCount: 4), to: table))
        let interval = try #require(ProfileInterval(fit, table: table))
        let upper = try #require(interval.upper)
        #expect(interval.lower <= 20_000 && upper >= 20_000)
        #expect(abs(fit.estimate - 20_000) < 3 * fit.standardError)
    }
}
