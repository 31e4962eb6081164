import Foundation

/// The settings of a latent-class fit; with the table, they determine its draws exactly.
public struct LatentClassSettings: Sendable, Codable, Equatable {
    /// The truncation of the stick-breaking prior: the most latent classes there can be (K).
    public var classes: Int
    /// Iterations each chain runs and throws away before any is kept.
    public var burnIn: Int
    /// Draws kept, over all chains (each `thinning` iterations apart).
    public var samples: Int
    /// Chains run side by side (on as many cores), each from its own seed derived from `seed`;
    /// their agreement is the split-R̂.
    public var chains: Int
    /// Iterations per kept draw.
    public var thinning: Int
    /// Shape a and rate b of the Gamma prior on the stick-breaking concentration α.
    public var alphaShape: Double
    public var alphaRate: Double
    public var seed: UInt64

    public init(
        classes: Int = 15, burnIn: Int = 10_000, samples: Int = 10_000, thinning: Int = 10, chains: Int = 2,
        alphaShape: Double = 0.25, alphaRate: Double = 0.25, seed: UInt64 = 19_481_210
    ) {
        self.classes = classes
        self.burnIn = burnIn
        self.samples = samples
        self.chains = chains
        self.thinning = thinning
        self.alphaShape = alphaShape
        self.alphaRate = alphaRate
        self.seed = seed
    }

    func validate() throws(EstimationError) {
        guard (2...200).contains(classes) else { throw .invalidSettings("latent classes must be from 2 to 200") }
        guard (0...10_000_000).contains(burnIn) else { throw .invalidSettings("burn-in must be from 0 to 10,000,000") }
        guard (10...1_000_000).contains(samples) else { throw .invalidSettings("samples must be from 10 to 1,000,000") }
        guard (1...10_000).contains(thinning) else { throw .invalidSettings("thinning must be from 1 to 10,000") }
        guard (1...16).contains(chains), samples % chains == 0 else {
            throw .invalidSettings("chains must be from 1 to 16 and share the samples evenly")
        }
        guard alphaShape > 0, alphaRate > 0, alphaShape.isFinite, alphaRate.isFinite else {
            throw .invalidSettings("the prior's a and b must be positive")
        }
    }
}

/// The Bayesian non-parametric latent-class model of Manrique-Vallier (2016), as LCMCR fits it:
/// persons fall in latent classes with stick-breaking weights (truncated at K classes,
/// concentration α ~ Gamma(a, b)), lists catch the persons of a class independently with
/// probabilities λ ~ Beta(1, 1), and the Gibbs sampler augments the data with the persons on no
/// list (their number n₀ is drawn from its negative binomial conditional, which corresponds to the
/// prior p(N) ∝ 1/N). Latent classes are drawn per capture pattern, by multinomial draws.
struct LatentClassSampler {
    let lists: Int
    let classes: Int
    let observed: Int
    let settings: LatentClassSettings
    /// Observed capture patterns with somebody in them, flattened: `patternLists[m * lists + j]` is
    /// true when pattern m includes list j.
    private let patternLists: [Bool]
    private let patternCounts: [Int]
    private var random: SeededRandom

    /// λ, lists × classes.
    private var catchProbability: [Double]
    private var weights: [Double]
    private var logLastWeight = 0.0
    private var alpha = 1.0
    private(set) var unobserved = 0
    /// Persons of each observed pattern in each class, patterns × classes.
    private var patternClassCounts: [Int]
    private var unobservedClassCounts: [Int]
    /// Persons of each class on each list, lists × classes, and in each class.
    private var caught: [Int]
    private var classTotals: [Int]
    /// The classes by decreasing weight, the order in which persons are shared out.
    private var order: [Int]
    private var scratch: [Double]
    private var scratchCounts: [Int]

    /// The sampler of chain `chain` (its generator seeded from the settings' seed and the chain).
    init(table: OverlapTable, settings: LatentClassSettings, chain: Int) {
        let K = settings.classes
        lists = table.lists.count
        classes = K
        observed = table.observed
        self.settings = settings
        var flags: [Bool] = []
        var counts: [Int] = []
        for pattern in table.counts.indices.dropFirst() where table.counts[pattern] > 0 {
            flags += (0..<table.lists.count).map { pattern & (1 << $0) != 0 }
            counts.append(table.counts[pattern])
        }
        patternLists = flags
        patternCounts = counts
        random = SeededRandom(seed: settings.seed &+ UInt64(chain) &* 0x9E37_79B9_7F4A_7C15)
        patternClassCounts = [Int](repeating: 0, count: counts.count * K)
        unobservedClassCounts = [Int](repeating: 0, count: K)
        caught = [Int](repeating: 0, count: lists * K)
        classTotals = [Int](repeating: 0, count: K)
        order = Array(0..<K)
        scratch = [Double](repeating: 0, count: K)
        scratchCounts = [Int](repeating: 0, count: K)
        // Every class starts near the lists' overall catch rates, spread apart so that the classes
        // are not all alike, with stick-breaking weights drawn for α = 1.
        catchProbability = [Double](repeating: 0, count: lists * K)
        weights = [Double](repeating: 0, count: K)
        for list in 0..<lists {
            let rate = Double(table.listSize(list)) / Double(max(table.observed, 1))
            for k in 0..<K {
                catchProbability[list * K + k] = min(max(rate * (0.5 + random.uniform()), 0.02), 0.98)
            }
        }
        var rest = 0.0
        for k in 0..<(K - 1) {
            let stick = random.beta(1, alpha)
            weights[k] = stick * Foundation.exp(rest)
            rest += Foundation.log(1 - stick)
        }
        weights[K - 1] = Foundation.exp(rest)
        logLastWeight = rest
        sortClasses()
    }

    /// One sweep of the Gibbs sampler.
    mutating func step() {
        sampleObservedClasses()
        sampleCatchProbabilities()
        sampleWeights()
        sampleUnobserved()
        alpha =
            random.gamma(shape: settings.alphaShape + Double(classes) - 1) / (settings.alphaRate - logLastWeight)
    }

    /// The current population size.
    var populationSize: Int { observed + unobserved }

    private mutating func sortClasses() {
        let weights = self.weights
        order.sort { weights[$0] > weights[$1] }
    }

    private mutating func sampleObservedClasses() {
        let K = classes
        let J = lists
        for m in patternCounts.indices {
            patternLists.withUnsafeBufferPointer { onList in
                catchProbability.withUnsafeBufferPointer { lambda in
                    weights.withUnsafeBufferPointer { weights in
                        scratch.withUnsafeMutableBufferPointer { scratch in
                            for k in 0..<K {
                                var product = weights[k]
                                for j in 0..<J {
                                    let p = lambda[j * K + k]
                                    product *= onList[m * J + j] ? p : 1 - p
                                }
                                scratch[k] = product
                            }
                        }
                    }
                }
            }
            draw(patternCounts[m])
            scratchCounts.withUnsafeBufferPointer { counts in
                patternClassCounts.withUnsafeMutableBufferPointer { target in
                    for k in 0..<K { target[m * K + k] = counts[k] }
                }
            }
        }
    }

    /// Splits `n` persons over the classes in proportion to `scratch`, into `scratchCounts`.
    private mutating func draw(_ n: Int) {
        scratch.withUnsafeBufferPointer { weights in
            order.withUnsafeBufferPointer { order in
                scratchCounts.withUnsafeMutableBufferPointer { counts in
                    random.multinomial(n, weights: weights, order: order, into: counts)
                }
            }
        }
    }

    private mutating func sampleCatchProbabilities() {
        let K = classes
        let J = lists
        for index in caught.indices { caught[index] = 0 }
        for k in 0..<K { classTotals[k] = unobservedClassCounts[k] }
        patternLists.withUnsafeBufferPointer { onList in
            patternClassCounts.withUnsafeBufferPointer { counts in
                caught.withUnsafeMutableBufferPointer { caught in
                    classTotals.withUnsafeMutableBufferPointer { totals in
                        for m in 0..<patternCounts.count {
                            for k in 0..<K {
                                let count = counts[m * K + k]
                                if count == 0 { continue }
                                totals[k] += count
                                for j in 0..<J where onList[m * J + j] { caught[j * K + k] += count }
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<J {
            for k in 0..<K {
                let on = caught[j * K + k]
                catchProbability[j * K + k] = random.beta(Double(1 + on), Double(1 + classTotals[k] - on))
            }
        }
    }

    /// The stick-breaking weights: V_k ~ Beta(1 + persons in class k, α + persons in later
    /// classes), from two gamma draws, in logarithms where only α is left (a tiny shape underflows).
    private mutating func sampleWeights() {
        var remaining = observed + unobserved
        var rest = 0.0
        for k in 0..<(classes - 1) {
            remaining -= classTotals[k]
            let logStick: Double
            let logLeft: Double
            if remaining > 0 {
                let taken = random.gamma(shape: Double(1 + classTotals[k]))
                let left = random.gamma(shape: alpha + Double(remaining))
                logStick = Foundation.log(taken / (taken + left))
                logLeft = Foundation.log(left / (taken + left))
            } else {
                let taken = random.logGamma(shape: Double(1 + classTotals[k]))
                let left = random.logGamma(shape: alpha)
                let larger = max(taken, left)
                let logSum = larger + Foundation.log(Foundation.exp(taken - larger) + Foundation.exp(left - larger))
                logStick = taken - logSum
                logLeft = left - logSum
            }
            weights[k] = Foundation.exp(logStick + rest)
            rest += logLeft
        }
        weights[classes - 1] = Foundation.exp(rest)
        logLastWeight = rest
        sortClasses()
    }

    /// The persons on no list: how many (negative binomial given the chance of being on none) and
    /// in which classes.
    private mutating func sampleUnobserved() {
        let K = classes
        let J = lists
        var missed = 0.0
        for k in 0..<K {
            var product = weights[k]
            for j in 0..<J { product *= 1 - catchProbability[j * K + k] }
            scratch[k] = product
            missed += product
        }
        unobserved = random.negativeBinomial(successes: observed, failure: min(missed, 1 - 1e-12))
        draw(unobserved)
        for k in 0..<K { unobservedClassCounts[k] = scratchCounts[k] }
    }
}
