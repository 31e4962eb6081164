import Foundation

/// The posterior of the population size under the latent-class model: its kept draws, median and
/// central 95% interval, and how well the chain mixed.
public struct LatentClassFit: Sendable {
    public let settings: LatentClassSettings
    public let observed: Int
    /// N at each kept iteration.
    public let draws: [Int]
    public let median: Double
    /// The 2.5% and 97.5% posterior quantiles.
    public let lower: Double
    public let upper: Double
    public let diagnostics: ChainDiagnostics

    /// Runs the sampler on `table` (burn-in, then `samples × thinning` iterations).
    public init(_ table: OverlapTable, settings: LatentClassSettings) throws(EstimationError) {
        try settings.validate()
        guard table.observed > 0 else { throw .invalidTable("nobody is on any list") }
        var sampler = LatentClassSampler(table: table, settings: settings)
        for _ in 0..<settings.burnIn { sampler.step() }
        var draws: [Int] = []
        draws.reserveCapacity(settings.samples)
        for _ in 0..<settings.samples {
            for _ in 0..<settings.thinning { sampler.step() }
            draws.append(sampler.populationSize)
        }
        let values = draws.map(Double.init)
        let sorted = values.sorted()
        self.settings = settings
        self.observed = table.observed
        self.draws = draws
        self.median = Self.quantile(sorted, 0.5)
        self.lower = Self.quantile(sorted, 0.025)
        self.upper = Self.quantile(sorted, 0.975)
        self.diagnostics = ChainDiagnostics(values)
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
