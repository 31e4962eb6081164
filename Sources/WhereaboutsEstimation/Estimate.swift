import Foundation

/// One multiple systems estimate with everything needed to reproduce it: the table's hash and
/// lists, the method, model, seed and settings; or, when the table cannot support one, the reason
/// it is not estimable (never a number).
public struct Estimate: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case estimated
        case notEstimable = "not estimable"
    }

    public var status: Status
    /// Why there is no estimate, when there is none.
    public var reason: String?
    /// Persons on at least one list.
    public var observed: Int
    /// N̂ (log-linear) or the posterior median (latent classes).
    public var estimate: Double?
    /// The 95% interval: profile likelihood (log-linear) or posterior quantiles (latent classes).
    public var lower: Double?
    /// Nil when the data put no upper bound on N.
    public var upper: Double?
    public var standardError: Double?
    /// What the interval is.
    public var interval: String?
    /// The method asked for (`loglinear-bic`, `loglinear-aic`, `latent-class`, `mth-poisson2`).
    public var method: String
    /// The model the estimate comes from and how it was chosen, e.g. `log-linear [123,14,34], chosen by BIC`.
    public var model: String
    public var lists: [String]
    public var listSizes: [Int]
    public var seed: UInt64?
    public var settings: [String: String]
    /// ``OverlapTable/hash`` of the table estimated from.
    public var tableHash: String
    public var warnings: [String]
    /// Convergence of the sampler (latent classes only).
    public var diagnostics: ChainDiagnostics?
    /// The best few models of a log-linear search, for comparison.
    public var alternatives: [ModelSummary]?

    /// One fitted log-linear model in a search.
    public struct ModelSummary: Sendable, Codable, Equatable {
        public var model: String
        public var estimate: Double
        public var standardError: Double
        public var deviance: Double
        public var degreesOfFreedom: Int
        public var aic: Double
        public var bic: Double
    }
}

extension Estimate.ModelSummary {
    init(_ fit: LogLinearFit) {
        self.init(
            model: fit.model.name, estimate: fit.estimate, standardError: fit.standardError, deviance: fit.deviance,
            degreesOfFreedom: fit.degreesOfFreedom, aic: fit.aic, bic: fit.bic)
    }
}

extension Estimate {
    /// The answer "not estimable" for persons whose lists make no table (nobody listed, or more lists
    /// than a table can have), with the reason; there is no table, so no hash.
    public static func notEstimable(
        _ reason: String, observed: Int, lists: [String], method: EstimationMethod
    ) -> Estimate {
        Estimate(
            status: .notEstimable, reason: "not estimable: " + reason, observed: observed, estimate: nil, lower: nil,
            upper: nil, standardError: nil, interval: nil, method: method.rawValue, model: "", lists: lists,
            listSizes: [], seed: nil, settings: [:], tableHash: "", warnings: [], diagnostics: nil, alternatives: nil)
    }
}
