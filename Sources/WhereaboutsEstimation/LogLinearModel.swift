import Foundation

/// A log-linear model of the capture-pattern counts: an effect for every list, the interactions
/// between lists it names (hierarchical: a term's sub-terms are in it too), and optionally a
/// heterogeneity covariate of the number of lists a person is on (Rcapture's Mth Poisson models).
public struct LogLinearModel: Sendable, Hashable {
    /// The number of lists.
    public let listCount: Int
    /// The interaction terms (bit sets of two lists or more), sub-terms included, in ascending order.
    public let interactions: [Int]
    /// The base `a` of the heterogeneity covariate a^(lists a person is on) − 1 (Rcapture's
    /// "Poisson a"), when the model has one.
    public let heterogeneityBase: Double?

    /// The model with `terms` and every term they contain.
    public init(listCount: Int, terms: [Int], heterogeneityBase: Double? = nil) {
        var closed = Set<Int>()
        for term in terms where term.nonzeroBitCount >= 2 {
            for sub in Self.subsets(of: term) where sub.nonzeroBitCount >= 2 { closed.insert(sub) }
        }
        self.listCount = listCount
        self.interactions = closed.sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
        self.heterogeneityBase = heterogeneityBase
    }

    /// Every list captures independently of the others.
    public static func independence(listCount: Int) -> LogLinearModel {
        LogLinearModel(listCount: listCount, terms: [])
    }

    /// Rcapture's Mth Poisson model with base `a`: an effect for every list (occasion) and the
    /// heterogeneity covariate a^(lists a person is on) − 1.
    public static func mthPoisson(listCount: Int, base: Double = 2) -> LogLinearModel {
        LogLinearModel(listCount: listCount, terms: [], heterogeneityBase: base)
    }

    /// Parameters: intercept, one per list, one per interaction, one for heterogeneity.
    public var parameterCount: Int { 1 + listCount + interactions.count + (heterogeneityBase == nil ? 0 : 1) }

    /// Rcapture's name: the model's generating terms with lists numbered from 1, e.g. `[123,14,34]`;
    /// a heterogeneity model is named `Mth Poisson2`.
    public var name: String {
        if let base = heterogeneityBase {
            let text = base == base.rounded() ? String(Int(base)) : String(base)
            return interactions.isEmpty ? "Mth Poisson\(text)" : "Mth Poisson\(text) \(termsName)"
        }
        return termsName
    }

    private var termsName: String {
        let candidates = interactions + (0..<listCount).map { 1 << $0 }
        let generators = candidates.filter { term in !candidates.contains { $0 != term && $0 & term == term } }
        let separator = listCount > 9 ? "." : ""
        let names = generators.sorted { Self.ordering($0).lexicographicallyPrecedes(Self.ordering($1)) }.map { term in
            (0..<listCount).filter { term & (1 << $0) != 0 }.map { String($0 + 1) }.joined(separator: separator)
        }
        return "[" + names.joined(separator: ",") + "]"
    }

    /// Lexicographic order of a term's list numbers, as Rcapture lists them.
    private static func ordering(_ term: Int) -> [Int] {
        (0..<20).filter { term & (1 << $0) != 0 }
    }

    /// One row per capture pattern, 0 (nobody's pattern: intercept only) to 2^lists − 1.
    func design() -> [Double] {
        let patterns = 1 << listCount
        var matrix: [Double] = []
        matrix.reserveCapacity(patterns * parameterCount)
        for pattern in 0..<patterns {
            matrix.append(1)
            for list in 0..<listCount { matrix.append(pattern & (1 << list) != 0 ? 1 : 0) }
            for term in interactions { matrix.append(pattern & term == term ? 1 : 0) }
            if let base = heterogeneityBase {
                matrix.append(Foundation.pow(base, Double(pattern.nonzeroBitCount)) - 1)
            }
        }
        return matrix
    }

    static func subsets(of term: Int) -> [Int] {
        var result: [Int] = []
        var sub = term
        while sub > 0 {
            result.append(sub)
            sub = (sub - 1) & term
        }
        return result
    }

    /// Every hierarchical model over `listCount` lists with interactions of at most `maxOrder`
    /// lists (at most `listCount − 1`: the highest one cannot be estimated), independence first.
    /// Throws when there would be more than `limit` of them.
    public static func hierarchical(listCount: Int, maxOrder: Int, limit: Int = 200_000) throws(EstimationError)
        -> [LogLinearModel]
    {
        guard maxOrder >= 1, maxOrder <= listCount - 1 else {
            throw .invalidSettings("the interaction order must be from 1 to \(listCount - 1) for \(listCount) lists")
        }
        let candidates = (0..<(1 << listCount))
            .filter { $0.nonzeroBitCount >= 2 && $0.nonzeroBitCount <= maxOrder }
            .sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
        var models: [[Int]] = []
        var chosen: [Int] = []
        var tooMany = false
        func visit(_ index: Int) {
            if tooMany { return }
            guard index < candidates.count else {
                models.append(chosen)
                if models.count > limit { tooMany = true }
                return
            }
            visit(index + 1)
            let term = candidates[index]
            let parents = (0..<listCount).filter { term & (1 << $0) != 0 }.map { term & ~(1 << $0) }
            if parents.allSatisfy({ $0.nonzeroBitCount < 2 || chosen.contains($0) }) {
                chosen.append(term)
                visit(index + 1)
                chosen.removeLast()
            }
        }
        visit(0)
        guard !tooMany else {
            throw .invalidSettings("more than \(limit) models to fit; choose a lower interaction order")
        }
        return models.map { LogLinearModel(listCount: listCount, terms: $0) }
    }
}
