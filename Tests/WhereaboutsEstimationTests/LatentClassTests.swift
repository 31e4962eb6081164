import Foundation
import Testing

@testable import WhereaboutsEstimation

@Suite("latent-class model")
struct LatentClassTests {
    /// A fifth of LCMCR's reference run (10,000 draws after 10,000, thinning 100), in four chains
    /// of 500 draws each after 5,000 burn-in, so that the test stays fast: the chains'
    /// autocorrelation spans hundreds of iterations and the chain now and then visits N near 7,000,
    /// so the median is known to about ±70 and the quantiles to a few hundred at this length (the
    /// full run is `whereabouts-bench estimate`).
    static let settings = LatentClassSettings(
        classes: 15, burnIn: 5_000, samples: 2_000, thinning: 100, chains: 4, alphaShape: 0.25, alphaRate: 0.25,
        seed: 19_481_210)

    @Test("Kosovo: posterior median about 10,400–10,600, 95% interval near 9,150–13,300")
    func kosovo() throws {
        let fit = try LatentClassFit(try FixtureTables.kosovo, settings: Self.settings)
        #expect(fit.median >= 10_300 && fit.median <= 10_600)
        #expect(abs(fit.lower - 9_150) <= 400)
        #expect(abs(fit.upper - 13_300) <= 1_000)
        #expect(fit.draws.count == 2_000)
        #expect(fit.draws.allSatisfy { $0 >= 4_400 })
        #expect(fit.diagnostics.converged)
        // The chains start from different seeds.
        #expect(fit.draws[0..<500] != fit.draws[500..<1_000])
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
