import Foundation

/// How a log-linear model is chosen among the hierarchical ones.
public enum InformationCriterion: String, Sendable, Codable, CaseIterable {
    case bic = "BIC"
    case aic = "AIC"

    func value(_ fit: LogLinearFit) -> Double {
        switch self {
        case .bic: fit.bic
        case .aic: fit.aic
        }
    }
}

/// Every hierarchical log-linear model up to an interaction order fitted to one table (as
/// Rcapture's `closedpMS.t`), and the one with the smallest information criterion.
public struct LogLinearSelection: Sendable {
    public let criterion: InformationCriterion
    public let maxOrder: Int
    /// The fitted models, best first: those within the data's bounds, by the criterion, then the
    /// others.
    public let fits: [LogLinearFit]
    /// Models that could not be fitted (not identifiable from the table).
    public let unfitted: Int

    /// Models better by the criterion but set aside because they fit an empty pattern as empty.
    public let setAside: Int

    public var best: LogLinearFit? { fits.first }

    /// The default interaction order: all of them up to five lists, pairs beyond (the number of
    /// models grows too fast).
    public static func defaultOrder(lists: Int) -> Int { lists <= 5 ? max(lists - 1, 1) : 2 }

    public init(_ table: OverlapTable, criterion: InformationCriterion, maxOrder: Int) throws(EstimationError) {
        let models = try LogLinearModel.hierarchical(listCount: table.lists.count, maxOrder: maxOrder)
        var fits: [LogLinearFit] = []
        for model in models {
            if let fit = LogLinearFit(model, to: table), fit.converged, fit.estimate.isFinite,
                fit.standardError.isFinite
            {
                fits.append(fit)
            }
        }
        self.criterion = criterion
        self.maxOrder = maxOrder
        self.unfitted = models.count - fits.count
        // A model that fits some empty capture pattern as empty has an infinite interaction: its
        // estimate of the uncounted is not bounded by the data (sparse strata give 10^55). It is
        // chosen only when no other model fits.
        self.fits = fits.sorted { a, b in
            a.atBoundary != b.atBoundary ? !a.atBoundary : criterion.value(a) < criterion.value(b)
        }
        let chosen = self.fits.first { !$0.atBoundary }
        self.setAside =
            chosen.map { chosen in
                fits.filter { $0.atBoundary && criterion.value($0) < criterion.value(chosen) }.count
            } ?? 0
    }
}
