import ArgumentParser
import Foundation
import WhereaboutsEstimation

/// `whereabouts-bench estimate`: the Kosovo latent-class fit (K = 15, a = b = 0.25, 10,000 draws
/// after 10,000 burn-in iterations, thinning 100) and the log-linear BIC search up to three-way
/// interactions, timed and printed beside the reference figures of R (LCMCR 0.4.14, Rcapture)
/// measured on this kind of machine (issue 17's target: at most a fifth of R's 19.3 s).
struct EstimationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate", abstract: "Multiple systems estimation of Kosovo 1999 against R's LCMCR and Rcapture.")

    @Option(help: "The Kosovo overlap table, or another (its reference time then given by --reference-seconds).")
    var table = "../shared/fixtures/mse/kosovo_4lists.csv"

    @Option(
        help:
            "R's time for this table's latent-class fit, in seconds (19.3 for Kosovo; issue 17 gives 23.7 for a five-list table)."
    )
    var referenceSeconds = 19.3

    @Option(help: "Seed of the sampler.") var seed: UInt64 = 19_481_210
    @Option(help: "Draws kept.") var samples = 10_000
    @Option(help: "Iterations per draw kept.") var thinning = 100
    @Option(help: "Iterations thrown away first, by each chain.") var burnIn = 10_000
    @Option(
        parsing: .singleValue,
        help: "Chains run side by side, sharing the draws (repeat the option to time several counts in turn).")
    var chains: [Int] = [2]

    func run() async throws {
        let isKosovo = table.hasSuffix("kosovo_4lists.csv")
        let kosovo = try OverlapTable(csv: String(contentsOfFile: table, encoding: .utf8))
        let settings = LatentClassSettings(
            classes: 15, burnIn: burnIn, samples: samples, thinning: thinning, alphaShape: 0.25, alphaRate: 0.25,
            seed: seed)

        let (selection, searchSeconds) = try await Measure.seconds {
            try LogLinearSelection(kosovo, criterion: .bic, maxOrder: 3)
        }
        guard let best = selection.best else { throw BenchError("no log-linear model could be fitted") }
        let (interval, profileSeconds) = await Measure.seconds { ProfileInterval(best, table: kosovo) }
        print(
            "\(URL(fileURLWithPath: table).lastPathComponent): \(kosovo.observed) persons on \(kosovo.lists.count) lists (table \(kosovo.hash.prefix(12)))"
        )
        print(
            "log-linear BIC search, \(selection.fits.count + selection.unfitted) hierarchical models up to order 3: "
                + "\(Measure.format(searchSeconds * 1000, 1)) ms; profile interval \(Measure.format(profileSeconds * 1000, 1)) ms"
        )
        print(
            "  chosen \(best.model.name): N̂ = \(Measure.format(best.estimate)) (SE \(Measure.format(best.standardError))), "
                + "95% profile \(Measure.format(interval?.lower ?? .nan, 0))–\(Measure.format(interval?.upper ?? .nan, 0))"
        )
        if isKosovo { print("  reference (Rcapture): [123,14,34], N̂ = 10,356.5 (SE 785.9)") }
        for chains in chains {
            var settings = settings
            settings.chains = chains
            let processorBefore = Self.processorSeconds()
            let (fit, seconds) = try await Measure.seconds { try LatentClassFit(kosovo, settings: settings) }
            let processor = Self.processorSeconds() - processorBefore
            let iterations = chains * settings.burnIn + settings.samples * settings.thinning
            print(
                "latent classes (K = 15, a = b = 0.25, \(settings.samples) draws in \(chains) chain(s), each after \(settings.burnIn) burn-in, thinning \(settings.thinning), seed \(seed)): "
                    + "\(Measure.format(seconds, 2)) s for \(iterations) iterations (processor time \(Measure.format(processor, 2)) s: "
                    + "above the wall time when the chains ran side by side, below it when other work shared the cores)"
            )
            print(
                "  posterior median \(Measure.format(fit.median, 1)) (Monte Carlo error \(Measure.format(fit.medianError, 1))), 95% \(Measure.format(fit.lower, 0))–\(Measure.format(fit.upper, 0)); "
                    + String(
                        format: "split R̂ %.3f, effective sample size %.0f, Geweke z %.2f", fit.diagnostics.splitRHat,
                        fit.diagnostics.effectiveSampleSize, fit.diagnostics.gewekeZ))
            print(
                "  ratio to the reference \(Measure.format(referenceSeconds, 1)) s: \(Measure.format(seconds / referenceSeconds, 3)) (target ≤ 0.2)"
            )
        }
        if isKosovo {
            print("  reference (LCMCR 0.4.14, R 4.2, one chain): 19.3 s; median 10,454.5, 95% 9,044–13,787")
        }
    }

    /// Processor time this process has used (user and system), in seconds.
    static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
