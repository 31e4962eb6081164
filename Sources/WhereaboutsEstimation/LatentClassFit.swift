import Foundation
import Synchronization

/// The posterior of the population size under the latent-class model: its kept draws, median and
/// central 95% interval, and how well the chain mixed.
public struct LatentClassFit: Sendable {
    public let settings: LatentClassSettings
    public let observed: Int
    /// N at each kept iteration, chain after chain.
    public let draws: [Int]
    public let median: Double
    /// The 2.5% and 97.5% posterior quantiles.
    public let lower: Double
    public let upper: Double
    /// The Monte Carlo standard error of ``median``: how far another seed's median would typically
    /// fall from this one (``ChainDiagnostics/quantileStandardError(_:chains:sorted:)``).
    public let medianError: Double
    public let diagnostics: ChainDiagnostics

    /// Runs the chains on `table` side by side, each a burn-in and then its share of the draws
    /// (`samples / chains × thinning` iterations); the draws are the chains' in order.
    public init(_ table: OverlapTable, settings: LatentClassSettings) throws(EstimationError) {
        try settings.validate()
        guard table.observed > 0 else { throw .invalidTable("nobody is on any list") }
        let perChain = settings.samples / settings.chains
        let results = Mutex([[Int]](repeating: [], count: settings.chains))
        DispatchQueue.concurrentPerform(iterations: settings.chains) { chain in
            var sampler = LatentClassSampler(table: table, settings: settings, chain: chain)
            for _ in 0..<settings.burnIn { sampler.step() }
            var draws: [Int] = []
            draws.reserveCapacity(perChain)
            for _ in 0..<perChain {
                for _ in 0..<settings.thinning { sampler.step() }
                draws.append(sampler.populationSize)
            }
            results.withLock { $0[chain] = draws }
        }
        let chains = results.withLock { $0 }
        let draws = chains.flatMap { $0 }
        let sorted = draws.map(Double.init).sorted()
        self.settings = settings
        self.observed = table.observed
        self.draws = draws
        self.median = Self.quantile(sorted, 0.5)
        self.lower = Self.quantile(sorted, 0.025)
        self.upper = Self.quantile(sorted, 0.975)
        let values = chains.map { $0.map(Double.init) }
        self.medianError = ChainDiagnostics.quantileStandardError(0.5, chains: values, sorted: sorted)
        self.diagnostics = ChainDiagnostics(chains: values)
    }

    /// The p-quantile of sorted values, interpolated as R's default (type 7).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first else { return .nan }
        let position = Double(sorted.count - 1) * p
        let below = Int(position.rounded(.down))
        guard below + 1 < sorted.count else { return sorted.last ?? first }
        return sorted[below] + (position - Double(below)) * (sorted[below + 1] - sorted[below])
    }
}
