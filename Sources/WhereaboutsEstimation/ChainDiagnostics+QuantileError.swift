import Foundation

extension ChainDiagnostics {
    /// The Monte Carlo standard error of the p-quantile of chains' pooled draws, as Vehtari et al.
    /// (2021, "Rank-normalization, folding, and localization", §4.3) estimate it without a density:
    /// whether a draw lies at or below the estimated quantile is itself a chain, whose effective
    /// sample size S (summed over the chains, as ``effectiveSampleSize`` is) gives the standard
    /// error √(p(1 − p)/S) of the probability below the estimate; half the distance between the
    /// pooled quantiles one such error either side of p is the error in the draws' own units.
    /// `sorted` is the pooled draws in increasing order.
    static func quantileStandardError(_ p: Double, chains: [[Double]], sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let estimate = LatentClassFit.quantile(sorted, p)
        let size = chains.reduce(0) { $0 + effectiveSize($1.map { $0 <= estimate ? 1 : 0 }) }
        guard size > 0 else { return .nan }
        let error = (p * (1 - p) / size).squareRoot()
        let below = LatentClassFit.quantile(sorted, max(p - error, 0))
        let above = LatentClassFit.quantile(sorted, min(p + error, 1))
        return (above - below) / 2
    }
}
