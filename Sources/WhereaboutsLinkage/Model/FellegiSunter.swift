import Foundation

/// The Fellegi–Sunter model: for each comparator and level, the probability of that level among
/// pairs that are the same person (m) and among pairs that are not (u), and the share of candidate
/// pairs that match (λ). A pair's weight is the sum of log₂(m/u) over its levels plus the prior's log
/// odds; its match probability follows from the weight.
public struct FellegiSunterModel: Sendable {
    /// m probabilities by comparator, then level.
    public internal(set) var m: [[Double]]
    /// u probabilities by comparator, then level.
    public internal(set) var u: [[Double]]
    /// u probabilities measured on random pairs, used for term-frequency adjustment.
    public let randomU: [[Double]]
    /// Share of candidate pairs that are matches.
    public internal(set) var lambda: Double
    /// EM iterations run, and whether they converged.
    public internal(set) var iterations = 0
    public internal(set) var converged = false

    static let floor = 1e-7

    /// u from `randomLevels` (levels of random comparable pairs, row by row: nearly all
    /// non-matches), m from a prior that agreement is likely, λ from `lambda`.
    init(levelCounts: [Int], randomLevels: [Int8], lambda: Double = 0.01) {
        var u: [[Double]] = []
        let width = levelCounts.count
        let rows = randomLevels.count / max(width, 1)
        for (k, count) in levelCounts.enumerated() {
            var tally = [Double](repeating: 0.5, count: count)
            for row in 0..<rows where randomLevels[row * width + k] >= 0 {
                tally[Int(randomLevels[row * width + k])] += 1
            }
            let total = tally.reduce(0, +)
            u.append(tally.map { max($0 / total, Self.floor) })
        }
        self.u = u
        randomU = u
        m = levelCounts.map { count in
            // Most matches agree exactly; the rest spread over the weaker levels, fewer at each.
            var row = [Double](repeating: 0, count: count)
            row[0] = 0.9
            let rest = (1..<count).map { pow(0.5, Double($0)) }
            let restTotal = rest.reduce(0, +)
            for level in 1..<count { row[level] = 0.1 * rest[level - 1] / restTotal }
            return row
        }
        self.lambda = lambda
    }

    /// Expectation–maximisation over the candidate pairs' level patterns, without labels: m, u and λ
    /// re-estimated until no probability moves by more than `tolerance`.
    mutating func train(
        patterns: [(levels: [Int8], count: Int)], trainU: Bool, maxIterations: Int = 100, tolerance: Double = 1e-6
    ) {
        train(
            patterns: patterns, trainM: Set(m.indices), trainU: trainU ? Set(u.indices) : [],
            maxIterations: maxIterations, tolerance: tolerance)
    }

    /// EM as above, re-estimating m only for the comparators in `trainM` and u only for those in
    /// `trainU`; the others keep their probabilities.
    mutating func train(
        patterns: [(levels: [Int8], count: Int)], trainM: Set<Int>, trainU: Set<Int>, maxIterations: Int = 100,
        tolerance: Double = 1e-6
    ) {
        let k = m.count
        for iteration in 1...maxIterations {
            var mTally = m.map { [Double](repeating: 0, count: $0.count) }
            var uTally = u.map { [Double](repeating: 0, count: $0.count) }
            var matchTotal = 0.0
            var total = 0.0
            for pattern in patterns {
                var logMatch = log(lambda)
                var logNonMatch = log(1 - lambda)
                for c in 0..<k where pattern.levels[c] >= 0 {
                    let level = Int(pattern.levels[c])
                    logMatch += log(m[c][level])
                    logNonMatch += log(u[c][level])
                }
                let posterior = 1 / (1 + exp(logNonMatch - logMatch))
                let weight = Double(pattern.count)
                matchTotal += posterior * weight
                total += weight
                for c in 0..<k where pattern.levels[c] >= 0 {
                    let level = Int(pattern.levels[c])
                    mTally[c][level] += posterior * weight
                    uTally[c][level] += (1 - posterior) * weight
                }
            }
            var change = 0.0
            for c in 0..<k {
                let mSum = mTally[c].reduce(0, +)
                let uSum = uTally[c].reduce(0, +)
                for level in 0..<m[c].count {
                    if mSum > 0, trainM.contains(c) {
                        let value = max(mTally[c][level] / mSum, Self.floor)
                        change = max(change, abs(value - m[c][level]))
                        m[c][level] = value
                    }
                    if uSum > 0, trainU.contains(c) {
                        let value = max(uTally[c][level] / uSum, Self.floor)
                        change = max(change, abs(value - u[c][level]))
                        u[c][level] = value
                    }
                }
            }
            let newLambda = min(max(matchTotal / max(total, 1), 1e-9), 1 - 1e-9)
            change = max(change, abs(newLambda - lambda))
            lambda = newLambda
            iterations = iteration
            if change < tolerance {
                converged = true
                break
            }
        }
    }

    /// Sets λ to the expected share of matches among `patterns` under the current m, u and λ (one
    /// step of EM on λ alone); returns how far it moved.
    mutating func setLambda(over patterns: [(levels: [Int8], count: Int)]) -> Double {
        var matches = 0.0
        var total = 0.0
        for pattern in patterns {
            var logMatch = log(lambda)
            var logNonMatch = log(1 - lambda)
            for c in m.indices where pattern.levels[c] >= 0 {
                logMatch += log(m[c][Int(pattern.levels[c])])
                logNonMatch += log(u[c][Int(pattern.levels[c])])
            }
            matches += Double(pattern.count) / (1 + exp(logNonMatch - logMatch))
            total += Double(pattern.count)
        }
        let old = lambda
        lambda = min(max(matches / max(total, 1), 1e-9), 1 - 1e-9)
        return abs(lambda - old)
    }

    /// λ alone fitted by EM on `patterns`, m and u kept.
    mutating func fitLambda(over patterns: [(levels: [Int8], count: Int)], maxIterations: Int = 200) {
        for _ in 0..<maxIterations where setLambda(over: patterns) > 1e-9 {}
    }

    /// Sets comparator `c`'s m.
    mutating func setM(_ c: Int, _ values: [Double]) { m[c] = values.map { max($0, Self.floor) } }

    /// Reviewers' decisions, by the comparison pattern (every comparator's level) of the pairs decided.
    public internal(set) var decisions: [[Int8]: Decided] = [:]

    /// How many pairs of one comparison pattern reviewers judged the same, and different.
    public struct Decided: Sendable, Hashable {
        public var same = 0
        public var different = 0
    }

    /// How many decisions at the model's own probability a pattern's score is taken to rest on.
    static let decisionStrength = 20.0

    /// Records reviewers' decisions (each pair's levels, and whether it was judged the same). They
    /// move the score of every pair with the same comparison pattern — and only those — towards what
    /// reviewers decided, as if the model's own probability were `decisionStrength` decisions: twenty
    /// "different" on pairs the model put at 90 % bring their like to 45 %. Decisions are pairs the
    /// model proposed, not random pairs, so they are never mixed into u (that made every agreement
    /// look common once a few hundred pairs were judged different, and emptied the queue).
    mutating func record(decisions judged: [(levels: [Int8], same: Bool)]) {
        decisions = [:]
        for (levels, same) in judged {
            if same {
                decisions[levels, default: Decided()].same += 1
            } else {
                decisions[levels, default: Decided()].different += 1
            }
        }
    }

    /// What reviewers' decisions on pairs of this pattern add to `weight`, a pair's weight with
    /// `levels`: nothing when no pair like it was decided.
    public func decisionAdjustment(_ levels: [Int8], weight: Double) -> Double {
        guard let decided = decisions[levels] else { return 0 }
        let strength = Self.decisionStrength
        let adjusted =
            (strength * Self.probability(weight: weight) + Double(decided.same))
            / (strength + Double(decided.same + decided.different))
        let bounded = min(max(adjusted, 1e-9), 1 - 1e-9)
        return log2(bounded / (1 - bounded)) - weight
    }

    /// The weight (log₂ Bayes factor) of `level` for comparator `c`. Whatever EM learned, the
    /// closest agreement never counts against a match and outright disagreement never counts for
    /// one: on data with few true duplicates, EM can settle on a "match" class that is no such thing.
    public func weight(_ c: Int, level: Int) -> Double {
        let raw = log2(m[c][level] / u[c][level])
        if level == 0 { return max(raw, 0) }
        if level == m[c].count - 1 { return min(raw, 0) }
        return raw
    }

    /// The prior's log₂ odds.
    public var priorWeight: Double { log2(lambda / (1 - lambda)) }

    /// λ for pairs within one list, when lists are known (``RecordLists``); `lambda` is then the
    /// prior of pairs across lists.
    public internal(set) var sameListLambda: Double?

    /// The prior's log₂ odds for a pair within one list, or across lists.
    public func priorWeight(sameList: Bool) -> Double {
        guard sameList, let sameListLambda else { return priorWeight }
        return log2(sameListLambda / (1 - sameListLambda))
    }

    /// A weight's match probability.
    public static func probability(weight: Double) -> Double { 1 / (1 + exp2(-weight)) }
}
