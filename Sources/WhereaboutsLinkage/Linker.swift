import Foundation

/// How to link: what to compare, how to find candidates, and how to decide.
public struct LinkageSettings: Sendable {
    public var comparators: [any Comparator]
    public var rules: [BlockingRule]
    /// Pairs (and cluster merges) need at least this match probability.
    public var threshold: Double = 0.5
    /// When linking two files, each record links to at most one in the other file (files without
    /// duplicates of their own).
    public var oneToOne = false
    /// Pairs each blocking rule may propose per record (its budget grows with the data); groups of
    /// records sharing a key that would pass it are refined, never dropped.
    public var pairsPerRecord = LinkageSettings.pairsPerRecord
    /// Random pairs drawn to estimate u before EM.
    public var randomPairs = 50_000
    public var seed: UInt64 = 1
    /// Whether EM re-estimates u among the candidates (the default: the pairs scored are candidates,
    /// whose non-matches agree more than random pairs do), or keeps u measured on random pairs.
    public var trainU = true
    /// Pairs a person has already judged (reviewers' decisions, or a labelled sample): they refine the
    /// learned model and are kept as judged.
    public var labels: [LabelledPair] = []
    /// When set, the model is trained in sessions, as Splink trains it: u from random pairs, then in
    /// each session EM on the pairs one rule alone proposes, leaving out the comparators the rule
    /// forces to agree (`ignored`), re-estimating m for `estimateM` and u for `estimateU` (the fields
    /// that go with the blocked one among non-matches: namesakes share a sex and a country more often
    /// than random records do). λ is fitted last on the candidates. EM on the union of candidates can
    /// take a block of pairs that agree by construction for the matches.
    public var trainingRules: [TrainingSession] = []
    /// Which list each record comes from, when known: pairs within a list and pairs across lists
    /// then each get their own prior (``FellegiSunterModel/sameListLambda``).
    public var lists: RecordLists?

    public init(comparators: [any Comparator], rules: [BlockingRule]) {
        self.comparators = comparators
        self.rules = rules
    }
}

/// One session of training (see ``LinkageSettings/trainingRules``).
public struct TrainingSession: Sendable {
    public var rule: BlockingRule
    public var ignored: Set<Int>
    public var estimateM: Set<Int>
    public var estimateU: Set<Int>
    /// The pairs of the rule the session learns from (all when `nil`).
    public var keep: (@Sendable (Int, Int) -> Bool)?

    public init(
        rule: BlockingRule, ignored: Set<Int>, estimateM: Set<Int>, estimateU: Set<Int> = [],
        keep: (@Sendable (Int, Int) -> Bool)? = nil
    ) {
        self.rule = rule
        self.ignored = ignored
        self.estimateM = estimateM
        self.estimateU = estimateU
        self.keep = keep
    }
}

/// Two records a person has judged to be, or not to be, the same.
public struct LabelledPair: Sendable, Hashable {
    public let a: Int
    public let b: Int
    public let same: Bool

    public init(_ a: Int, _ b: Int, same: Bool) {
        (self.a, self.b) = (min(a, b), max(a, b))
        self.same = same
    }

    var key: UInt64 { UInt64(a) << 32 | UInt64(b) }
}

/// A proposed match and its weight (log₂ odds, prior included).
public struct ScoredPair: Sendable, Hashable {
    public let a: Int
    public let b: Int
    public let weight: Double
    public var probability: Double { FellegiSunterModel.probability(weight: weight) }
}

/// One comparator's part in a pair's score.
public struct WeightPart: Sendable, Hashable {
    public let comparator: String
    public let level: String
    public let weight: Double
}

/// The outcome of a linkage run.
public struct LinkageResult: Sendable {
    public let model: FellegiSunterModel
    /// Every candidate pair as `a << 32 | b`, sorted, and its weight at the same index.
    public let candidatePairs: [UInt64]
    public let candidateWeights: [Float]
    /// Every candidate pair with its weight.
    public var candidates: [ScoredPair] {
        zip(candidatePairs, candidateWeights).map {
            ScoredPair(a: Int($0 >> 32), b: Int($0 & 0xffff_ffff), weight: Double($1))
        }
    }

    /// The weight of a candidate pair, if blocking proposed it.
    public func candidateWeight(_ a: Int, _ b: Int) -> Double? {
        let key = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
        var low = 0
        var high = candidatePairs.count
        while low < high {
            let middle = (low + high) / 2
            if candidatePairs[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < candidatePairs.count && candidatePairs[low] == key ? Double(candidateWeights[low]) : nil
    }
    /// The pairs linked: above the threshold, one-to-one when asked, or every pair within a cluster
    /// when deduplicating.
    public let matches: [ScoredPair]
    /// Persons found when deduplicating: lists of record indices, two or more each.
    public let clusters: [[Int]]
    public let blocking: [BlockingReport]
    /// Seconds spent in each stage.
    public let stageSeconds: [(stage: String, seconds: Double)]
}

/// Runs blocking, learns a Fellegi–Sunter model by EM, scores candidates and decides.
public struct Linker: Sendable {
    public let table: LinkTable
    public let settings: LinkageSettings

    public init(table: LinkTable, settings: LinkageSettings) throws(LinkageError) {
        guard settings.comparators.count <= 16 else { throw .badInput("at most 16 fields can be compared") }
        guard !settings.comparators.isEmpty else { throw .badInput("no field to compare") }
        guard !settings.rules.isEmpty else { throw .badInput("no blocking rule") }
        try Self.requireComparable(table)
        self.table = table
        self.settings = settings
    }

    /// Refuses a table with nothing to compare: fewer than two records, or an empty file of two.
    public static func requireComparable(_ table: LinkTable) throws(LinkageError) {
        let comparable = table.firstSideCount.map { $0 > 0 && $0 < table.count } ?? (table.count >= 2)
        guard comparable else { throw .tooFewRecords }
    }

    /// The levels of one pair, one per comparator.
    public func levels(_ a: Int, _ b: Int) -> [Int8] {
        settings.comparators.map { Int8($0.level(a, b)) }
    }

    /// The weight of a pair under `model`, with term-frequency adjustment.
    public func weight(_ a: Int, _ b: Int, model: FellegiSunterModel) -> Double {
        let weight = explain(a, b, model: model).reduce(priorWeight(a, b, model: model)) { $0 + $1.weight }
        guard !model.decisions.isEmpty else { return weight }
        return weight + model.decisionAdjustment(levels(a, b), weight: weight)
    }

    /// Why a pair scores what it does: each comparator's level and weight (prior not included).
    public func explain(_ a: Int, _ b: Int, model: FellegiSunterModel) -> [WeightPart] {
        var parts: [WeightPart] = []
        for (c, comparator) in settings.comparators.enumerated() {
            let level = comparator.level(a, b)
            guard level >= 0 else {
                parts.append(WeightPart(comparator: comparator.name, level: "missing", weight: 0))
                continue
            }
            parts.append(
                WeightPart(
                    comparator: comparator.name, level: comparator.levelNames[level],
                    weight: partWeight(c, level: level, a, b, model: model)))
        }
        return parts
    }

    /// Links the table. `progress` receives a stage name and a fraction done.
    public func run(progress: (@Sendable (String, Double) -> Void)? = nil) -> LinkageResult {
        var stages: [(String, Double)] = []
        var clock = Date()
        func lap(_ stage: String) {
            stages.append((stage, Date().timeIntervalSince(clock)))
            clock = Date()
        }
        let candidates = CandidatePairs(
            table: table, rules: settings.rules, pairsPerRecord: settings.pairsPerRecord,
            keepRules: Set(settings.trainingRules.map(\.rule.name)),
            progress: { done, total in progress?("blocking", Double(done) / Double(max(total, 1))) })
        lap("blocking")

        let k = settings.comparators.count
        let levels = computeLevels(candidates.pairs, progress: progress)
        lap("comparing")

        let random = randomLevels()
        var model = FellegiSunterModel(
            levelCounts: settings.comparators.map(\.levelNames.count), randomLevels: random)
        // Candidates' comparison patterns, pairs across lists and pairs within one list apart.
        var patternCounts: [UInt64: Int] = [:]
        var withinCounts: [UInt64: Int] = [:]
        for (index, pair) in candidates.pairs.enumerated() {
            let key = pack(levels, row: index, width: k)
            if let lists = settings.lists, lists.same(Int(pair >> 32), Int(pair & 0xffff_ffff)) {
                withinCounts[key, default: 0] += 1
            } else {
                patternCounts[key, default: 0] += 1
            }
        }
        let patterns = patternCounts.map { (levels: unpack($0.key, width: k), count: $0.value) }
        let within = withinCounts.map { (levels: unpack($0.key, width: k), count: $0.value) }
        let candidatesWithin = Double(withinCounts.values.reduce(0, +))
        let candidatesAcross = Double(candidates.pairs.count) - candidatesWithin
        var sessions = model
        if settings.trainingRules.isEmpty || !trainBySessions(&sessions, proposed: candidates) {
            model.train(patterns: patterns + within, trainU: settings.trainU)
            if settings.lists != nil {
                // λ is the share of candidates that match, in each class of pair.
                model.fitLambda(over: patterns)
                model.sameListLambda = Self.sameListLambda(
                    model, across: patterns, within: within, pairsAcross: candidatesAcross,
                    pairsWithin: candidatesWithin)
            }
        } else {
            // u was measured on random pairs, so λ is the chance that two random records match: the
            // matches expected among the candidates (λ fitted on them) over every comparable pair.
            model = sessions
            let n = Double(table.count)
            var comparable = table.firstSideCount.map { Double($0) * (n - Double($0)) } ?? n * (n - 1) / 2
            let pairsWithin = settings.lists?.pairsWithin ?? 0
            comparable -= pairsWithin
            model.fitLambda(over: patterns)
            model.lambda = min(max(model.lambda * candidatesAcross / max(comparable, 1), 1e-12), 0.5)
            if settings.lists != nil {
                model.sameListLambda = Self.sameListLambda(
                    model, across: patterns, within: within, pairsAcross: comparable, pairsWithin: pairsWithin)
            }
        }
        let labels = settings.labels.filter { $0.a != $0.b && $0.b < table.count && table.comparable($0.a, $0.b) }
        model.record(decisions: labels.map { (self.levels($0.a, $0.b), $0.same) })
        let judgedSame = Set(labels.filter(\.same).map(\.key))
        let judgedDifferent = Set(labels.filter { !$0.same }.map(\.key))
        lap("training")
        progress?("scoring", 0)

        var weights = [Float](repeating: 0, count: candidates.pairs.count)
        let thresholdWeight = log2(settings.threshold / (1 - settings.threshold))
        var above: [ScoredPair] = []
        for (index, pair) in candidates.pairs.enumerated() {
            let a = Int(pair >> 32)
            let b = Int(pair & 0xffff_ffff)
            let weight = score(levels, row: index, a: a, b: b, model: model)
            weights[index] = Float(weight)
            if weight >= thresholdWeight, !judgedDifferent.contains(pair) {
                above.append(ScoredPair(a: a, b: b, weight: weight))
            }
        }
        // A pair judged the same is linked whatever it scores (first, as the strongest evidence).
        for key in judgedSame {
            let a = Int(key >> 32)
            let b = Int(key & 0xffff_ffff)
            above.append(
                ScoredPair(
                    a: a, b: b, weight: max(weight(a, b, model: model), thresholdWeight) + 2 * Clustering.judgedWeight))
        }
        above.sort { $0.weight > $1.weight }
        var matches: [ScoredPair] = []
        var clusters: [[Int]] = []
        if table.firstSideCount != nil {
            // Judged pairs were lifted above everything to be taken first; report their own weight.
            above = above.map { pair in
                pair.weight >= Clustering.judgedWeight
                    ? ScoredPair(a: pair.a, b: pair.b, weight: pair.weight - 2 * Clustering.judgedWeight) : pair
            }
            if settings.oneToOne {
                var taken = Set<Int>()
                for pair in above where !taken.contains(pair.a) && !taken.contains(pair.b) {
                    taken.insert(pair.a)
                    taken.insert(pair.b)
                    matches.append(pair)
                }
            } else {
                matches = above
            }
        } else {
            let trained = model
            let clustering = Clustering(
                count: table.count, threshold: settings.threshold, cannotLink: judgedDifferent,
                sameList: { [lists = settings.lists] a, b in lists?.same(a, b) ?? false }
            ) { a, b in
                self.weight(a, b, model: trained)
            }
            clusters = clustering.cluster(edges: above)
            let lookup = LinkageResult(
                model: model, candidatePairs: candidates.pairs, candidateWeights: weights, matches: [], clusters: [],
                blocking: [], stageSeconds: [])
            for cluster in clusters {
                let members = cluster.sorted()
                for i in members.indices {
                    for j in (i + 1)..<members.count {
                        let weight =
                            lookup.candidateWeight(members[i], members[j])
                            ?? self.weight(members[i], members[j], model: model)
                        let key = UInt64(members[i]) << 32 | UInt64(members[j])
                        if judgedDifferent.contains(key) { continue }
                        matches.append(ScoredPair(a: members[i], b: members[j], weight: weight))
                    }
                }
            }
        }
        lap("deciding")
        progress?("scoring", 1)
        return LinkageResult(
            model: model, candidatePairs: candidates.pairs, candidateWeights: weights, matches: matches,
            clusters: clusters,
            blocking: candidates.proposedByRule, stageSeconds: stages)
    }

    /// m by EM in sessions (see ``LinkageSettings/trainingRules``), in order: each session's m for
    /// the comparators it estimates is kept, and later sessions start from it.
    /// Returns false, leaving EM over the candidates to train the model, when a session has too few
    /// pairs to learn from (`minimumSessionPairs`: a small list whose dates are mostly years).
    private func trainBySessions(_ model: inout FellegiSunterModel, proposed: CandidatePairs) -> Bool {
        let k = settings.comparators.count
        for session in settings.trainingRules {
            // A blocking rule's own pairs are not proposed twice.
            var pairs =
                proposed.byRule[session.rule.name]
                ?? CandidatePairs(table: table, rules: [session.rule], pairsPerRecord: settings.pairsPerRecord).pairs
            if let keep = session.keep { pairs = pairs.filter { keep(Int($0 >> 32), Int($0 & 0xffff_ffff)) } }
            guard pairs.count >= Self.minimumSessionPairs else { return false }
            var levels = computeLevels(pairs, progress: nil)
            for row in 0..<pairs.count { for c in session.ignored { levels[row * k + c] = -1 } }
            var counts: [UInt64: Int] = [:]
            for row in 0..<pairs.count { counts[pack(levels, row: row, width: k), default: 0] += 1 }
            var trained = model
            trained.lambda = 0.5
            trained.train(
                patterns: counts.map { (unpack($0.key, width: k), $0.value) }, trainM: session.estimateM,
                trainU: session.estimateU)
            for c in session.estimateM { model.setM(c, trained.m[c]) }
        }
        return true
    }

    /// The fewest pairs a training session learns from.
    static let minimumSessionPairs = 100

    /// λ for pairs within one list: the model's λ (pairs across lists) times how much less often, per
    /// pair, a list names one person twice than two lists name one person, as the pairs that are surely
    /// one person show it (match probability at least ``sureMatch`` under λ across lists). EM alone
    /// cannot tell: the pairs within a list that look most like matches are namesakes whose fields
    /// agree by construction of the candidates, and it would count them as matches.
    /// `pairsAcross` and `pairsWithin` are what λ is a share of (every comparable pair, or candidates).
    static func sameListLambda(
        _ model: FellegiSunterModel, across: [(levels: [Int8], count: Int)], within: [(levels: [Int8], count: Int)],
        pairsAcross: Double, pairsWithin: Double
    ) -> Double {
        func sure(_ patterns: [(levels: [Int8], count: Int)]) -> Double {
            var count = 0.0
            for pattern in patterns {
                var weight = model.priorWeight
                for c in pattern.levels.indices where pattern.levels[c] >= 0 {
                    weight += model.weight(c, level: Int(pattern.levels[c]))
                }
                if FellegiSunterModel.probability(weight: weight) >= sureMatch { count += Double(pattern.count) }
            }
            return count
        }
        guard pairsWithin > 0, pairsAcross > 0 else { return model.lambda }
        // Half a pair added to each count: none found within is "rarer than one in what was seen".
        let rateWithin = (sure(within) + 0.5) / pairsWithin
        let rateAcross = (sure(across) + 0.5) / pairsAcross
        return min(max(model.lambda * rateWithin / rateAcross, 1e-15), 0.5)
    }

    /// The match probability above which a pair counts as surely one person when comparing lists.
    static let sureMatch = 0.99

    /// The prior's log₂ odds for a pair: within one list or across lists when lists are known.
    private func priorWeight(_ a: Int, _ b: Int, model: FellegiSunterModel) -> Double {
        model.priorWeight(sameList: settings.lists?.same(a, b) ?? false)
    }

    private func score(_ levels: [Int8], row: Int, a: Int, b: Int, model: FellegiSunterModel) -> Double {
        let k = settings.comparators.count
        var weight = priorWeight(a, b, model: model)
        for c in 0..<k where levels[row * k + c] >= 0 {
            weight += partWeight(c, level: Int(levels[row * k + c]), a, b, model: model)
        }
        guard !model.decisions.isEmpty else { return weight }
        return weight + model.decisionAdjustment(Array(levels[(row * k)..<(row * k + k)]), weight: weight)
    }

    /// Comparator `c`'s weight at `level` for records `a` and `b`: the model's, adjusted for how
    /// common what the pair agrees on is, when the comparator weighs term frequency.
    private func partWeight(_ c: Int, level: Int, _ a: Int, _ b: Int, model: FellegiSunterModel) -> Double {
        var weight = model.weight(c, level: level)
        let comparator = settings.comparators[c]
        if let frequency = comparator.termFrequency(a, b, level: level) {
            weight += log2(model.randomU[c][level] / max(frequency, 1e-9))
        }
        return weight
    }

    /// The candidates' levels, row by row, computed on every core.
    private func computeLevels(_ pairs: [UInt64], progress: (@Sendable (String, Double) -> Void)?) -> [Int8] {
        let k = settings.comparators.count
        let comparators = settings.comparators
        var levels = [Int8](repeating: -1, count: pairs.count * k)
        let chunk = 4096
        let chunks = (pairs.count + chunk - 1) / chunk
        let done = Counter()
        levels.withUnsafeMutableBufferPointer { buffer in
            let base = UnsafeMutableSendablePointer(buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: chunks) { index in
                let start = index * chunk
                for row in start..<min(start + chunk, pairs.count) {
                    let a = Int(pairs[row] >> 32)
                    let b = Int(pairs[row] & 0xffff_ffff)
                    for c in 0..<k { base.pointer?[row * k + c] = Int8(comparators[c].level(a, b)) }
                }
                let finished = done.increment()
                if finished % 64 == 0 { progress?("comparing", Double(finished) / Double(chunks)) }
            }
        }
        return levels
    }

    /// Levels of random comparable pairs, for u, row by row.
    private func randomLevels() -> [Int8] {
        var generator = SplitMix64(seed: settings.seed)
        let n = table.count
        var pairs: [UInt64] = []
        pairs.reserveCapacity(settings.randomPairs)
        var attempts = 0
        while pairs.count < settings.randomPairs, attempts < settings.randomPairs * 4 {
            attempts += 1
            let a: Int
            let b: Int
            if let first = table.firstSideCount {
                a = Int(generator.next() % UInt64(first))
                b = first + Int(generator.next() % UInt64(n - first))
            } else {
                a = Int(generator.next() % UInt64(n))
                b = Int(generator.next() % UInt64(n))
            }
            guard a != b else { continue }
            pairs.append(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
        }
        return computeLevels(pairs, progress: nil)
    }

    private func pack(_ levels: [Int8], row: Int, width: Int) -> UInt64 {
        var key: UInt64 = 0
        for c in 0..<width { key = key << 4 | UInt64(UInt8(bitPattern: levels[row * width + c] &+ 1) & 0xf) }
        return key
    }

    private func unpack(_ key: UInt64, width: Int) -> [Int8] {
        var result = [Int8](repeating: 0, count: width)
        var rest = key
        for c in stride(from: width - 1, through: 0, by: -1) {
            result[c] = Int8(rest & 0xf) - 1
            rest >>= 4
        }
        return result
    }
}

/// A pointer handed to concurrent workers that each write their own rows (or slots), read only
/// after every worker has finished: no two workers touch the same element.
struct UnsafeMutableSendablePointer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>?
    init(_ pointer: UnsafeMutablePointer<Element>?) { self.pointer = pointer }
}

/// A thread-safe counter for progress.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// A small deterministic generator (SplitMix64), so that a run can be repeated exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
