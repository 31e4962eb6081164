import Foundation

/// How far Markov chains' draws can be trusted: the effective sample size (Geyer's initial
/// monotone sequence over each chain's autocorrelations, summed over chains), the split-R̂ of the
/// chains cut in halves (Gelman et al. 2013; near 1 when all halves agree) and Geweke's z-score
/// comparing the mean of the first 10% of a chain's draws with its last 50% (the largest over chains).
public struct ChainDiagnostics: Sendable, Codable, Equatable {
    public let effectiveSampleSize: Double
    public let splitRHat: Double
    public let gewekeZ: Double

    /// Thresholds past which the chain is reported as not converged.
    public static let largestRHat = 1.05
    public static let smallestEffectiveSampleSize = 100.0
    public static let largestGewekeZ = 3.0

    /// True when every diagnostic is within its threshold.
    public var converged: Bool {
        splitRHat <= Self.largestRHat && effectiveSampleSize >= Self.smallestEffectiveSampleSize
            && abs(gewekeZ) <= Self.largestGewekeZ
    }

    /// The diagnostics of one chain.
    public init(_ draws: [Double]) { self.init(chains: [draws]) }

    /// The diagnostics of several chains of the same length.
    public init(chains: [[Double]]) {
        effectiveSampleSize = chains.reduce(0) { $0 + Self.effectiveSize($1) }
        splitRHat = Self.splitRHat(chains)
        gewekeZ = chains.map(Self.geweke).max { abs($0) < abs($1) } ?? 0
    }

    static func mean(_ x: ArraySlice<Double>) -> Double { x.reduce(0, +) / Double(max(x.count, 1)) }

    static func variance(_ x: ArraySlice<Double>) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    static func effectiveSize(_ draws: [Double]) -> Double {
        effectiveSize(draws[...])
    }

    static func effectiveSize(_ draws: ArraySlice<Double>) -> Double {
        let x = Array(draws)
        let n = x.count
        guard n > 3 else { return Double(n) }
        let m = mean(draws)
        var c0 = 0.0
        for value in x { c0 += (value - m) * (value - m) }
        c0 /= Double(n)
        guard c0 > 0 else { return Double(n) }
        func autocorrelation(_ lag: Int) -> Double {
            var sum = 0.0
            for i in 0..<(n - lag) { sum += (x[i] - m) * (x[i + lag] - m) }
            return sum / Double(n) / c0
        }
        // Sums of consecutive pairs of autocorrelations stay positive and decreasing for a
        // reversible chain; stop at the first that is not.
        var total = 0.0
        var previous = Double.infinity
        var lag = 0
        while lag + 1 < n {
            var pair = (lag == 0 ? 1 : autocorrelation(lag)) + autocorrelation(lag + 1)
            if pair <= 0 { break }
            pair = min(pair, previous)
            total += pair
            previous = pair
            lag += 2
        }
        let time = max(2 * total - 1, 1.0 / Double(n))
        return min(Double(n) / time, Double(n) * Foundation.log10(Double(n)))
    }

    static func splitRHat(_ chains: [[Double]]) -> Double {
        let half = (chains.map(\.count).min() ?? 0) / 2
        guard half >= 2 else { return .nan }
        let pieces = chains.flatMap { [$0[0..<half], $0[($0.count - half)...]] }
        let means = pieces.map(mean)
        let within = pieces.map(variance).reduce(0, +) / Double(pieces.count)
        guard within > 0 else { return 1 }
        let grand = means.reduce(0, +) / Double(means.count)
        let spread = means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(means.count - 1)
        let pooled = Double(half - 1) / Double(half) * within + spread
        return (pooled / within).squareRoot()
    }

    static func geweke(_ draws: [Double]) -> Double {
        let n = draws.count
        let early = draws[0..<(n / 10)]
        let late = draws[(n - n / 2)...]
        guard early.count > 3, late.count > 3 else { return 0 }
        let spread =
            variance(early) / effectiveSize(early) + variance(late) / effectiveSize(late)
        guard spread > 0 else { return 0 }
        return (mean(early) - mean(late)) / spread.squareRoot()
    }
}
