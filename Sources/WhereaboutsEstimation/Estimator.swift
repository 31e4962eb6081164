import Foundation

/// The estimation methods offered, by the names scripts use.
public enum EstimationMethod: String, Sendable, Codable, CaseIterable {
    /// Hierarchical log-linear models, the one with the smallest BIC.
    case loglinearBIC = "loglinear-bic"
    /// Hierarchical log-linear models, the one with the smallest AIC.
    case loglinearAIC = "loglinear-aic"
    /// The Bayesian non-parametric latent-class model (LCMCR).
    case latentClass = "latent-class"
    /// Rcapture's Mth Poisson2 heterogeneity model (capture–recapture occasions).
    case mthPoisson2 = "mth-poisson2"
}

/// What to estimate with: the method and its settings.
public struct EstimationRequest: Sendable, Equatable {
    public var method: EstimationMethod
    /// The highest interaction order of the log-linear search (nil: ``LogLinearSelection/defaultOrder(lists:)``).
    public var maxOrder: Int?
    public var latentClass: LatentClassSettings

    public init(
        method: EstimationMethod = .loglinearBIC, maxOrder: Int? = nil,
        latentClass: LatentClassSettings = LatentClassSettings()
    ) {
        self.method = method
        self.maxOrder = maxOrder
        self.latentClass = latentClass
    }
}

/// Applies the validity rules and then the method: fewer than three lists (or nobody observed)
/// is "not estimable", sparse tables and small lists are warned about, and every estimate carries
/// its table's hash, lists, model, seed and settings.
public enum Estimator {
    /// Fewer lists than this cannot separate dependence between lists from the unobserved count.
    public static let minimumLists = 3
    /// Lists holding fewer persons than this are warned about.
    public static let smallList = 10
    /// Tables with fewer persons than this are warned about.
    public static let smallTable = 50

    public static func estimate(_ table: OverlapTable, _ request: EstimationRequest) throws(EstimationError) -> Estimate
    {
        var result = Estimate(
            status: .notEstimable, reason: nil, observed: table.observed, estimate: nil, lower: nil, upper: nil,
            standardError: nil, interval: nil, method: request.method.rawValue, model: "", lists: table.lists,
            listSizes: table.lists.indices.map(table.listSize), seed: nil, settings: [:], tableHash: table.hash,
            warnings: warnings(table), diagnostics: nil, alternatives: nil)
        if table.lists.count < minimumLists {
            result.reason = "not estimable: \(table.lists.count) lists; at least \(minimumLists) are needed"
            return result
        }
        if table.observed == 0 {
            result.reason = "not estimable: nobody is on any list"
            return result
        }
        switch request.method {
        case .loglinearBIC, .loglinearAIC:
            let criterion: InformationCriterion = request.method == .loglinearBIC ? .bic : .aic
            let order = request.maxOrder ?? LogLinearSelection.defaultOrder(lists: table.lists.count)
            result.settings = ["maxOrder": String(order), "criterion": criterion.rawValue]
            let selection = try LogLinearSelection(table, criterion: criterion, maxOrder: order)
            guard let best = selection.best else {
                result.reason = "not estimable: no log-linear model could be fitted to this table"
                return result
            }
            let models = selection.fits.count + selection.unfitted
            fill(
                &result, best, table: table,
                choice: "chosen by \(criterion.rawValue) among \(models) hierarchical models up to order \(order)")
            result.alternatives = selection.fits.prefix(10).map(Estimate.ModelSummary.init)
            if selection.setAside > 0 {
                result.warnings.append(
                    "\(selection.setAside) models that fit an empty capture pattern as empty were set aside")
            }
            if selection.unfitted > 0 {
                result.warnings.append(
                    "\(selection.unfitted) of \(models) models could not be fitted and were left out")
            }
        case .mthPoisson2:
            guard let fit = LogLinearFit(.mthPoisson(listCount: table.lists.count), to: table) else {
                result.reason = "not estimable: the model could not be fitted to this table"
                return result
            }
            fill(&result, fit, table: table, choice: "as asked")
        case .latentClass:
            let settings = request.latentClass
            let fit = try LatentClassFit(table, settings: settings)
            result.status = .estimated
            result.estimate = fit.median
            result.lower = fit.lower
            result.upper = fit.upper
            result.interval = "95% posterior interval (2.5% and 97.5% quantiles)"
            result.model =
                "Bayesian latent classes (Manrique-Vallier 2016), up to \(settings.classes) classes, "
                + "posterior median of the draws of \(settings.chains) chain\(settings.chains == 1 ? "" : "s") pooled"
            result.seed = settings.seed
            result.settings = [
                "classes": String(settings.classes), "burnIn": String(settings.burnIn),
                "samples": String(settings.samples), "thinning": String(settings.thinning),
                "chains": String(settings.chains),
                "alphaShape": String(settings.alphaShape), "alphaRate": String(settings.alphaRate),
            ]
            result.diagnostics = fit.diagnostics
            if !fit.diagnostics.converged {
                result.warnings.append(
                    "the sampler may not have converged (split R̂ \(rounded(fit.diagnostics.splitRHat)), effective sample size \(Int(fit.diagnostics.effectiveSampleSize)), Geweke z \(rounded(fit.diagnostics.gewekeZ))): run it longer"
                )
            }
        }
        return result
    }

    private static func fill(_ result: inout Estimate, _ fit: LogLinearFit, table: OverlapTable, choice: String) {
        result.status = .estimated
        result.estimate = fit.estimate
        result.standardError = fit.standardError
        result.model = "log-linear \(fit.model.name), \(choice)"
        if let interval = ProfileInterval(fit, table: table) {
            result.lower = interval.lower
            result.upper = interval.upper
            result.interval = "95% profile likelihood interval"
            if interval.upper == nil { result.warnings.append("the data put no upper bound on the population") }
        } else {
            result.warnings.append("the profile likelihood could not be computed; no interval")
        }
        if fit.atBoundary {
            result.warnings.append("the model fits an empty capture pattern as empty (an interaction is infinite)")
        }
    }

    /// Warnings about the table itself: sparse, small, or lists that cannot inform an estimate.
    static func warnings(_ table: OverlapTable) -> [String] {
        var warnings: [String] = []
        if table.patternCount > 1 && table.emptyPatterns * 2 > table.patternCount {
            warnings.append(
                "sparse table: \(table.emptyPatterns) of \(table.patternCount) capture patterns hold nobody")
        }
        if table.observed < smallTable {
            warnings.append("only \(table.observed) persons are on any list")
        }
        for (index, list) in table.lists.enumerated() {
            let size = table.listSize(index)
            if size < smallList {
                warnings.append("list \(list) holds only \(size) persons")
            } else if size == table.onlyOn(index) {
                warnings.append("list \(list) shares nobody with the other lists")
            }
        }
        return warnings
    }

    private static func rounded(_ value: Double) -> String { String(format: "%.2f", value) }
}
