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
///
/// The sampler runs about a million sweeps per fit, so its state lives in buffers allocated once
/// (it cannot be copied, and frees them when it ends): a sweep allocates nothing, checks no bounds
/// and retains nothing.
struct LatentClassSampler: ~Copyable {
    let lists: Int
    let classes: Int
    let observed: Int
    let settings: LatentClassSettings
    /// Observed capture patterns with somebody in them: bit j of `patternLists[m]` is set when
    /// pattern m includes list j.
    private let patternLists: UnsafeMutableBufferPointer<Int>
    private let patternCounts: UnsafeMutableBufferPointer<Int>
    private var random: SeededRandom

    /// λ, list by list: `catchProbability[j * classes + k]` is the chance that list j catches a
    /// person of class k, and `missProbability` the same places' 1 − λ.
    private let catchProbability: UnsafeMutableBufferPointer<Double>
    private let missProbability: UnsafeMutableBufferPointer<Double>
    private let weights: UnsafeMutableBufferPointer<Double>
    private var logLastWeight = 0.0
    private var alpha = 1.0
    private(set) var unobserved = 0
    /// Persons of each class on each list (list by list, as λ), and in each class, summed while
    /// the classes are drawn.
    private let caught: UnsafeMutableBufferPointer<Int>
    private let classTotals: UnsafeMutableBufferPointer<Int>
    /// The classes by decreasing weight, the order in which persons are shared out.
    private let order: UnsafeMutableBufferPointer<Int>
    private let scratch: UnsafeMutableBufferPointer<Double>
    private let scratchCounts: UnsafeMutableBufferPointer<Int>

    /// The sampler of chain `chain` (its generator seeded from the settings' seed and the chain).
    init(table: OverlapTable, settings: LatentClassSettings, chain: Int) {
        let K = settings.classes
        let J = table.lists.count
        lists = J
        classes = K
        observed = table.observed
        self.settings = settings
        let patterns = table.counts.indices.dropFirst().filter { table.counts[$0] > 0 }
        patternLists = .allocate(capacity: patterns.count)
        _ = patternLists.initialize(from: patterns)
        patternCounts = .allocate(capacity: patterns.count)
        _ = patternCounts.initialize(from: patterns.map { table.counts[$0] })
        random = SeededRandom(seed: settings.seed &+ UInt64(chain) &* 0x9E37_79B9_7F4A_7C15)
        caught = .allocate(capacity: J * K)
        caught.initialize(repeating: 0)
        classTotals = .allocate(capacity: K)
        classTotals.initialize(repeating: 0)
        order = .allocate(capacity: K)
        _ = order.initialize(from: 0..<K)
        scratch = .allocate(capacity: K)
        scratch.initialize(repeating: 0)
        scratchCounts = .allocate(capacity: K)
        scratchCounts.initialize(repeating: 0)
        // Every class starts near the lists' overall catch rates, spread apart so that the classes
        // are not all alike, with stick-breaking weights drawn for α = 1.
        catchProbability = .allocate(capacity: J * K)
        catchProbability.initialize(repeating: 0)
        missProbability = .allocate(capacity: J * K)
        missProbability.initialize(repeating: 0)
        weights = .allocate(capacity: K)
        weights.initialize(repeating: 0)
        for list in 0..<J {
            let rate = Double(table.listSize(list)) / Double(max(table.observed, 1))
            for k in 0..<K {
                catchProbability[list * K + k] = min(max(rate * (0.5 + random.uniform()), 0.02), 0.98)
                missProbability[list * K + k] = 1 - catchProbability[list * K + k]
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

    deinit {
        for buffer in [patternLists, patternCounts, caught, classTotals, order, scratchCounts] { buffer.deallocate() }
        for buffer in [catchProbability, missProbability, weights, scratch] { buffer.deallocate() }
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

    /// Insertion sort: the order changes little from one sweep to the next.
    private func sortClasses() {
        for position in 1..<classes {
            let moved = order[position]
            let weight = weights[moved]
            var slot = position
            while slot > 0 && weights[order[slot - 1]] < weight {
                order[slot] = order[slot - 1]
                slot -= 1
            }
            order[slot] = moved
        }
    }

    /// The classes of the observed persons, pattern by pattern, counted on each list as they are
    /// drawn (the unobserved persons' classes, drawn last sweep, start the totals).
    private mutating func sampleObservedClasses() {
        let K = classes
        let J = lists
        caught.update(repeating: 0)
        for m in patternCounts.indices {
            let pattern = patternLists[m]
            // List by list over all classes at once, so that the products vectorise.
            for k in 0..<K { scratch[k] = weights[k] }
            for j in 0..<J {
                let factors = pattern & (1 &<< j) != 0 ? catchProbability : missProbability
                for k in 0..<K { scratch[k] *= factors[j * K + k] }
            }
            draw(patternCounts[m])
            for k in 0..<K {
                let count = scratchCounts[k]
                if count == 0 { continue }
                classTotals[k] += count
                for j in 0..<J where pattern & (1 &<< j) != 0 { caught[j * K + k] += count }
            }
        }
    }

    /// Splits `n` persons over the classes in proportion to `scratch`, into `scratchCounts`.
    private mutating func draw(_ n: Int) {
        random.multinomial(
            n, weights: UnsafeBufferPointer(scratch), order: UnsafeBufferPointer(order), into: scratchCounts)
    }

    private mutating func sampleCatchProbabilities() {
        let J = lists
        for j in 0..<J {
            for k in 0..<classes {
                let on = caught[j * classes + k]
                let p = random.beta(Double(1 + on), Double(1 + classTotals[k] - on))
                catchProbability[j * classes + k] = p
                missProbability[j * classes + k] = 1 - p
            }
        }
    }

    /// The stick-breaking weights: V_k ~ Beta(1 + persons in class k, α + persons in later
    /// classes), from two gamma draws. What is left of the stick is carried as a number while
    /// persons remain (no logarithms), and in logarithms once only α is left (a tiny shape's draws
    /// underflow).
    private mutating func sampleWeights() {
        var remaining = observed + unobserved
        var left = 1.0
        var k = 0
        while k < classes - 1 {
            remaining -= classTotals[k]
            guard remaining > 0 && left > 0x1.0p-900 else { break }
            let taken = random.gamma(shape: Double(1 + classTotals[k]))
            let rest = random.gamma(shape: alpha + Double(remaining))
            let share = left / (taken + rest)
            weights[k] = taken * share
            left = rest * share
            k += 1
        }
        var logLeft = Foundation.log(left)
        if k < classes - 1 {
            // The class whose remaining count stopped the loop was counted off already.
            remaining += classTotals[k]
        }
        while k < classes - 1 {
            remaining -= classTotals[k]
            let logTaken: Double
            let logRest: Double
            if remaining > 0 {
                logTaken = Foundation.log(random.gamma(shape: Double(1 + classTotals[k])))
                logRest = Foundation.log(random.gamma(shape: alpha + Double(remaining)))
            } else {
                logTaken = random.logGamma(shape: Double(1 + classTotals[k]))
                logRest = random.logGamma(shape: alpha)
            }
            let larger = max(logTaken, logRest)
            let logSum = larger + Foundation.log(Foundation.exp(logTaken - larger) + Foundation.exp(logRest - larger))
            weights[k] = Foundation.exp(logTaken - logSum + logLeft)
            logLeft += logRest - logSum
            k += 1
        }
        weights[classes - 1] = Foundation.exp(logLeft)
        logLastWeight = logLeft
        sortClasses()
    }

    /// The persons on no list: how many (negative binomial given the chance of being on none) and
    /// in which classes; they start the next sweep's class totals.
    private mutating func sampleUnobserved() {
        let K = classes
        let J = lists
        for k in 0..<K { scratch[k] = weights[k] }
        for j in 0..<J {
            for k in 0..<K { scratch[k] *= missProbability[j * K + k] }
        }
        var missed = 0.0
        for k in 0..<K { missed += scratch[k] }
        unobserved = random.negativeBinomial(successes: observed, failure: min(missed, 1 - 1e-12))
        draw(unobserved)
        for k in 0..<K { classTotals[k] = scratchCounts[k] }
    }
}
