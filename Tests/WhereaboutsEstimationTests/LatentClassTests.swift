import Foundation
import Testing

@testable import WhereaboutsEstimation

@Suite("latent-class model")
struct LatentClassTests {
    /// The posterior median of LCMCR's reference run of Kosovo (10,000 draws after 10,000,
    /// thinning 100). It is itself one run's estimate: at that length this sampler's median has a
    /// Monte Carlo standard error of 20–26 (seeds 1–8 and 19481210, two chains), so the reference is
    /// taken to be off by up to 25 as well.
    static let referenceMedian = 10_454.5
    static let referenceError = 25.0

    /// A fifth of the reference run, so that the test takes seconds in a debug build: four chains
    /// of 500 draws (thinning 100) after 5,000 burn-in each. The sampler's autocorrelation spans
    /// hundreds of iterations, so this leaves an effective sample size of about 300–600 and a
    /// Monte Carlo error of the median of 36–61 (mean 48; across 14 seeds the medians' standard
    /// deviation was 55, so the estimated error is about right).
    static func settings(seed: UInt64) -> LatentClassSettings {
        LatentClassSettings(
            classes: 15, burnIn: 5_000, samples: 2_000, thinning: 100, chains: 4, alphaShape: 0.25,
            alphaRate: 0.25, seed: seed)
    }

    @Test(
        "Kosovo: the posterior median is LCMCR's within four Monte Carlo standard errors, whatever the seed",
        arguments: [19_481_210, 20_261_205] as [UInt64])
    func kosovo(seed: UInt64) throws {
        let settings = Self.settings(seed: seed)
        let fit = try LatentClassFit(try FixtureTables.kosovo, settings: settings)
        // The difference of two independent estimates has the error √(e₁² + e₂²); outside four of
        // them a correct sampler falls once in 16,000 seeds, or once in about 2,000 if the estimated
        // error runs 15% low, as it did across the 14 seeds (48 against 55).
        let error = (fit.medianError * fit.medianError + Self.referenceError * Self.referenceError).squareRoot()
        #expect(abs(fit.median - Self.referenceMedian) <= 4 * error)
        // The window (about ±230 here) means something only while the run is long enough: it must
        // stay within ±350, half the posterior's spread below the median (the 95% interval reaches
        // 1,410 below it: 720 a standard deviation), so a sampler whose median moved by that fails.
        #expect(fit.medianError > 0 && 4 * error <= 350)
        #expect(fit.lower < fit.median && fit.median < fit.upper)
        #expect(fit.draws.count == settings.samples)
        #expect(fit.draws.allSatisfy { $0 >= 4_400 })
        // The chains agree and carry enough information; Geweke's z is not asserted: over 500
        // draws per chain its early tenth is a few effective draws, and it passes 3 for about a
        // third of the seeds (at the full length it stays below 3).
        #expect(fit.diagnostics.splitRHat <= ChainDiagnostics.largestRHat)
        #expect(fit.diagnostics.effectiveSampleSize >= ChainDiagnostics.smallestEffectiveSampleSize)
        // The chains start from different seeds.
        let perChain = settings.samples / settings.chains
        #expect(fit.draws[0..<perChain] != fit.draws[perChain..<(2 * perChain)])
    }

    @Test("the same seed and settings give the same draws; another seed other draws")
    func reproducible() throws {
        let table = try FixtureTables.rome
        var settings = LatentClassSettings(classes: 5, burnIn: 100, samples: 200, thinning: 2, chains: 2, seed: 5)
        let first = try LatentClassFit(table, settings: settings)
        #expect(try LatentClassFit(table, settings: settings).draws == first.draws)
        settings.seed = 6
        #expect(try LatentClassFit(table, settings: settings).draws != first.draws)
    }

    @Test("the Monte Carlo error of a median: σ√(π/2n) for independent draws, more for correlated ones")
    func medianError() {
        var random = SeededRandom(seed: 2)
        let independent = (0..<4).map { _ in (0..<4000).map { _ in random.normal() } }
        let error = ChainDiagnostics.quantileStandardError(
            0.5, chains: independent, sorted: independent.flatMap { $0 }.sorted())
        // The median of 16,000 standard normal draws: √(π/2) / √16,000 ≈ 0.0099.
        #expect(abs(error - (Double.pi / 2 / 16_000).squareRoot()) < 0.002)
        // An AR(1) chain with coefficient 0.9 carries (1 − 0.9)/(1 + 0.9) of the information, so
        // its error is √19 ≈ 4.4 times as large (the stationary spread is 1 here too).
        let correlated = (0..<4).map { _ in
            var x = random.normal()
            return (0..<4000).map { _ in
                x = 0.9 * x + (1 - 0.81).squareRoot() * random.normal()
                return x
            }
        }
        let correlatedError = ChainDiagnostics.quantileStandardError(
            0.5, chains: correlated, sorted: correlated.flatMap { $0 }.sorted())
        #expect(correlatedError > 3 * error && correlatedError < 6 * error)
    }

    @Test("the diagnostics tell a stuck chain from a mixing one")
    func diagnostics() {
        var random = SeededRandom(seed: 1)
        let mixing = ChainDiagnostics((0..<4000).map { _ in random.normal() })
        #expect(mixing.converged)
        #expect(mixing.effectiveSampleSize > 3000)
        #expect(abs(mixing.splitRHat - 1) < 0.01)
        let drifting = ChainDiagnostics((0..<4000).map { Double($0) / 100 + random.normal() })
        #expect(!drifting.converged)
        #expect(drifting.splitRHat > 1.5)
        #expect(drifting.effectiveSampleSize < 100)
        // Two chains that each mix but disagree.
        let apart = ChainDiagnostics(chains: [
            (0..<2000).map { _ in random.normal() }, (0..<2000).map { _ in 1 + random.normal() },
        ])
        #expect(!apart.converged)
        #expect(apart.splitRHat > 1.1)
    }
}
