import Foundation

/// The profile-likelihood interval for N under a log-linear model (Cormack 1992, as Rcapture's
/// `closedpCI.t` and `profileCI`): the unobserved cell n₀ is treated as data, the model is fitted to
/// all 2^lists cells by Poisson regression for each n₀, and the multinomial log-likelihood of
/// N = observed + n₀ is profiled; the interval holds the N whose likelihood ratio against the best
/// is within the χ²₁ quantile (3.84 for 95%).
public struct ProfileInterval: Sendable, Equatable {
    /// The N with the highest profile likelihood.
    public let mostLikely: Double
    public let lower: Double
    /// Nil when the likelihood never falls far enough: the data put no upper bound on N.
    public let upper: Double?

    /// Half the 0.95 quantile of χ² with one degree of freedom.
    static let halfChiSquare95 = 1.920_729_410_347_062

    /// The interval for `fit`'s model on `table`; nil when the model cannot be fitted with the
    /// unobserved cell added.
    public init?(_ fit: LogLinearFit, table: OverlapTable) {
        var profile = Profile(model: fit.model, table: table, start: fit.coefficients)
        let guess = max(fit.estimate - Double(table.observed), 0)
        let reach = guess + 10 * max(fit.standardError, 1) + 10
        guard let best = profile.maximum(upTo: reach) else { return nil }
        let target = best.value - Self.halfChiSquare95
        var lower = 0.0
        if let atZero = profile.value(0), atZero < target {
            guard let root = profile.crossing(target, from: 0, to: best.at) else { return nil }
            lower = root
        }
        var step = max(fit.standardError, 1)
        var far = best.at + step
        var upper: Double?
        while far < 1e9 {
            guard let value = profile.value(far) else { return nil }
            if value < target {
                upper = profile.crossing(target, from: far, to: best.at)
                break
            }
            step *= 2
            far = best.at + step
        }
        let n = Double(table.observed)
        self.mostLikely = n + best.at
        self.lower = n + lower
        self.upper = upper.map { n + $0 }
    }

    /// The multinomial profile log-likelihood as a function of the unobserved count.
    private struct Profile {
        let regression: PoissonRegression
        var counts: [Double]
        let observed: Double
        let constant: Double
        var start: [Double]

        init(model: LogLinearModel, table: OverlapTable, start: [Double]) {
            regression = PoissonRegression(design: model.design(), columns: model.parameterCount)
            counts = table.counts.map(Double.init)
            observed = Double(table.observed)
            constant = counts.dropFirst().reduce(0) { $0 + Foundation.lgamma($1 + 1) }
            self.start = start
        }

        mutating func value(_ unobserved: Double) -> Double? {
            counts[0] = unobserved
            guard let fit = regression.fit(counts, start: start) ?? regression.fit(counts) else { return nil }
            start = fit.coefficients
            let total = observed + unobserved
            var value = Foundation.lgamma(total + 1) - Foundation.lgamma(unobserved + 1) - constant
            for (count, mu) in zip(counts, fit.fitted) where count > 0 {
                value += count * Foundation.log(mu / total)
            }
            return value
        }

        /// Golden-section search for the most likely unobserved count in [0, reach].
        mutating func maximum(upTo reach: Double) -> (at: Double, value: Double)? {
            let ratio = (5.0.squareRoot() - 1) / 2
            var a = 0.0
            var b = reach
            var c = b - ratio * (b - a)
            var d = a + ratio * (b - a)
            guard var fc = value(c), var fd = value(d) else { return nil }
            while b - a > 1e-3 {
                if fc > fd {
                    b = d
                    d = c
                    fd = fc
                    c = b - ratio * (b - a)
                    guard let next = value(c) else { return nil }
                    fc = next
                } else {
                    a = c
                    c = d
                    fc = fd
                    d = a + ratio * (b - a)
                    guard let next = value(d) else { return nil }
                    fd = next
                }
            }
            let at = (a + b) / 2
            guard let top = value(at) else { return nil }
            return (at, top)
        }

        /// Bisection for the unobserved count between `outside` (below the target) and `inside`
        /// (above it) where the profile crosses `target`.
        mutating func crossing(_ target: Double, from outside: Double, to inside: Double) -> Double? {
            var out = outside
            var into = inside
            for _ in 0..<100 where abs(into - out) > 1e-3 {
                let middle = (out + into) / 2
                guard let value = value(middle) else { return nil }
                if value < target { out = middle } else { into = middle }
            }
            return (out + into) / 2
        }
    }
}
