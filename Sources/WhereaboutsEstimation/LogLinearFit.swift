import Foundation

/// One log-linear model fitted to an overlap table by Poisson regression over the observed capture
/// patterns: the unobserved cell is the model's prediction for the pattern on no list,
/// exp(intercept), and N̂ = observed + exp(intercept).
public struct LogLinearFit: Sendable {
    public let model: LogLinearModel
    /// Persons on at least one list.
    public let observed: Int
    /// N̂ = observed + exp(intercept).
    public let estimate: Double
    /// The standard error of N̂ as Rcapture reports it: √(exp(β₀) + exp(2β₀)·Var(β₀)).
    public let standardError: Double
    public let deviance: Double
    /// Residual degrees of freedom (capture patterns − parameters).
    public let degreesOfFreedom: Int
    public let logLikelihood: Double
    /// −2 log L + 2 p.
    public let aic: Double
    /// −2 log L + log(observed) p, as Rcapture computes it.
    public let bic: Double
    public let converged: Bool
    /// An empty capture pattern is fitted as empty: some interaction is infinite.
    public let atBoundary: Bool
    let coefficients: [Double]

    /// Fits `model`; nil when it cannot be identified from `table`.
    public init?(_ model: LogLinearModel, to table: OverlapTable) {
        precondition(model.listCount == table.lists.count, "the model is over the table's lists")
        let design = model.design()
        let p = model.parameterCount
        guard table.patternCount >= p else { return nil }
        let regression = PoissonRegression(design: Array(design[p...]), columns: p)
        let counts = table.counts.dropFirst().map(Double.init)
        guard let fit = regression.fit(counts) else { return nil }
        let unobserved = Foundation.exp(fit.coefficients[0])
        guard unobserved.isFinite else { return nil }
        let n = table.observed
        self.model = model
        self.observed = n
        self.estimate = Double(n) + unobserved
        self.standardError = (unobserved + unobserved * unobserved * fit.interceptVariance).squareRoot()
        self.deviance = fit.deviance
        self.degreesOfFreedom = table.patternCount - p
        self.logLikelihood = fit.logLikelihood
        self.aic = -2 * fit.logLikelihood + 2 * Double(p)
        self.bic = -2 * fit.logLikelihood + Foundation.log(Double(max(n, 1))) * Double(p)
        self.converged = fit.converged
        self.atBoundary = fit.atBoundary
        self.coefficients = fit.coefficients
    }
}
