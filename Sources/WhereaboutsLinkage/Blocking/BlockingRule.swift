import Foundation

/// A way of proposing candidate pairs: records that share one of their keys under the rule are
/// compared. Rules are combined by union, so a pair missed by one (a typo in the surname) is found by
/// another (the same birth date and postcode). Keys are 64-bit hashes: a collision only proposes
/// one more pair to compare.
///
/// A group of records sharing a key can be too large to expand into every pair (Kim, Lee and Park
/// are nearly half of all Korean names). Such a group is split by the rule's refinements, in order
/// (a given-name key, a birth year): records then pair only with those that also share the finer
/// key. A group still too large after every refinement is paired by sorted neighbourhood: its records
/// in the order of their refinement keys, each with its next neighbours.
public struct BlockingRule: Sendable {
    /// Shown in progress and reports.
    public let name: String
    /// The keys of one record (none when the fields the rule needs are missing).
    public let keys: @Sendable (Int) -> [UInt64]
    /// Finer keys for the records of a group too large to expand, tried in order.
    public var refinements: [Refinement] = []

    public init(name: String, keys: @escaping @Sendable (Int) -> [UInt64], refinements: [Refinement] = []) {
        self.name = name
        self.keys = keys
        self.refinements = refinements
    }

    /// A rule from text keys, hashed.
    public static func text(name: String, keys: @escaping @Sendable (Int) -> [String]) -> BlockingRule {
        BlockingRule(name: name) { record in keys(record).map(StableHash.of) }
    }

    /// Records agreeing exactly on every listed column (none missing).
    public static func columns(_ names: [String], in table: LinkTable) -> BlockingRule {
        let columns = names.map { InternedColumn(table.column($0)) { _ in () } }
        return BlockingRule(name: names.joined(separator: "+")) { record in
            var key: UInt64 = 0x5157_4845_5245_4142
            for column in columns {
                let code = column.codes[record]
                guard code >= 0 else { return [] }
                key = StableHash.mix(key, column.hashes[Int(code)])
            }
            return [key]
        }
    }

    /// Records agreeing on any key of the first rule together with any key of the second.
    public static func both(_ first: BlockingRule, _ second: BlockingRule) -> BlockingRule {
        BlockingRule(
            name: first.name + "+" + second.name,
            keys: { record in
                let left = first.keys(record)
                guard !left.isEmpty else { return [] }
                let right = second.keys(record)
                var keys: [UInt64] = []
                keys.reserveCapacity(left.count * right.count)
                for x in left { for y in right { keys.append(StableHash.mix(x, y)) } }
                return keys
            }, refinements: first.refinements + second.refinements)
    }

    /// The rule with `more` refinements tried after its own (those it has by name are not repeated).
    public func refined(by more: [Refinement]) -> BlockingRule {
        let known = Set(refinements.map(\.name))
        return BlockingRule(
            name: name, keys: keys, refinements: refinements + more.filter { !known.contains($0.name) })
    }
}

/// Finer keys that split a group of records too large to expand: records of the group are paired
/// only when they also share one of these.
public struct Refinement: Sendable {
    /// Shown in reports ("given name", "birth year").
    public let name: String
    /// The finer keys of one record; a record with none is grouped with the others that have none.
    public let keys: @Sendable (Int) -> [UInt64]

    public init(name: String, keys: @escaping @Sendable (Int) -> [UInt64]) {
        self.name = name
        self.keys = keys
    }
}

/// What one blocking rule proposed and what it had to do to stay within its pair budget.
public struct BlockingReport: Sendable, Hashable {
    /// The rule's name.
    public let rule: String
    /// The distinct pairs the rule proposed.
    public let pairs: Int
    /// The pairs the rule may propose: a number of pairs per record, so it grows with the data.
    public let budget: Int
    /// Groups of more records than this were not expanded whole (0 when none was too large).
    public let groupLimit: Int
    /// The largest group of records sharing one key.
    public let largestGroup: Int
    /// Groups too large to expand, split by each refinement (refinement name, groups split).
    public let refined: [Refinement.Use]
    /// Groups still too large after every refinement, paired by sorted neighbourhood.
    public let windowed: Int
    /// Neighbours each record of a windowed group is paired with.
    public let window: Int

    /// One line: the pairs and what was done to stay within the budget.
    public var summary: String {
        var text = "\(rule): \(pairs) pairs"
        guard groupLimit > 0 else { return text }
        text += " (budget \(budget); largest group \(largestGroup), groups over \(groupLimit) records"
        let splits = refined.filter { $0.groups > 0 }.map { "\($0.groups) refined by \($0.name)" }
        if !splits.isEmpty { text += ": " + splits.joined(separator: ", ") }
        if windowed > 0 { text += (splits.isEmpty ? ": " : "; ") + "\(windowed) paired within windows of \(window)" }
        if pairs > budget { text += "; over budget" }
        return text + ")"
    }
}

extension Refinement {
    /// How often a refinement split a group.
    public struct Use: Sendable, Hashable {
        public let name: String
        public let groups: Int
    }
}

/// The union of the pairs the rules propose.
public struct CandidatePairs: Sendable {
    /// Pairs as `a << 32 | b` with `a < b`, sorted, each once.
    public let pairs: [UInt64]
    /// What each rule proposed (before the union), in rule order.
    public let proposedByRule: [BlockingReport]
    /// Each rule's own pairs, by rule name, when asked for (`keepRules`).
    public let byRule: [String: [UInt64]]

    /// Groups records by each rule's keys and takes every comparable pair within a group. No rule is
    /// ever dropped: each may propose about `pairsPerRecord` pairs per record, and when its groups
    /// would propose more, the groups larger than a limit chosen to fit that budget are refined
    /// (split by finer keys) and, if still too large, paired within sorted-neighbourhood windows.
    /// Rules run on every core.
    public init(
        table: LinkTable, rules: [BlockingRule], pairsPerRecord: Int = LinkageSettings.pairsPerRecord,
        keepRules: Set<String> = [], progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        let results = ConcurrentResults<([UInt64], BlockingReport)>(count: rules.count)
        let done = Counter()
        let budget = Self.budget(records: table.count, pairsPerRecord: pairsPerRecord)
        DispatchQueue.concurrentPerform(iterations: rules.count) { index in
            results[index] = Self.pairs(table: table, rule: rules[index], budget: budget)
            progress?(done.increment(), rules.count)
        }
        var all: [UInt64] = []
        var report: [BlockingReport] = []
        var kept: [String: [UInt64]] = [:]
        for index in rules.indices {
            guard let (pairs, line) = results[index] else { continue }
            if keepRules.contains(rules[index].name) { kept[rules[index].name] = pairs }
            all += pairs
            report.append(line)
            if all.count > 4 * table.count + 1_000_000 { all = Self.unique(all) }
        }
        pairs = Self.unique(all)
        proposedByRule = report
        byRule = kept
    }

    /// The pairs one rule may propose: `pairsPerRecord` per record, and no fewer than 100,000 (a
    /// small table is cheap to compare whatever its groups).
    public static func budget(records: Int, pairsPerRecord: Int) -> Int {
        max(pairsPerRecord * records, 100_000)
    }

    /// Each record's keys, sorted by key and then record, each (key, record) once.
    private static func keyed(_ records: [UInt32], _ keys: (Int) -> [UInt64]) -> [(key: UInt64, record: UInt32)] {
        var entries: [(key: UInt64, record: UInt32)] = []
        entries.reserveCapacity(records.count)
        for record in records {
            for key in keys(Int(record)) { entries.append((key, record)) }
        }
        entries.sort { $0.key < $1.key || ($0.key == $1.key && $0.record < $1.record) }
        // A key a record gives twice counts once.
        var unique = 0
        for index in entries.indices where unique == 0 || entries[unique - 1] != entries[index] {
            entries[unique] = entries[index]
            unique += 1
        }
        entries.removeLast(entries.count - unique)
        return entries
    }

    private static func pairs(table: LinkTable, rule: BlockingRule, budget: Int) -> ([UInt64], BlockingReport) {
        let entries = keyed((0..<table.count).map(UInt32.init), rule.keys)
        var groups: [Range<Int>] = []
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].key == entries[start].key { end += 1 }
            if end - start > 1 { groups.append(start..<end) }
            start = end
        }
        // Groups are expanded smallest first, counting distinct pairs (a pair sharing several keys
        // counts once), until half the budget is spent: the size reached is the limit, and larger
        // groups are refined within the other half.
        groups.sort { $0.count < $1.count }
        var pairs: [UInt64] = []
        var distinct = 0
        var limit = 0
        var refined = [Int](repeating: 0, count: rule.refinements.count)
        var windowed = 0
        var seen = Set<UInt64>()
        var index = 0
        while index < groups.count {
            let size = groups[index].count
            for group in groups[index...].prefix(while: { $0.count == size }) {
                expand(
                    entries[group].map(\.record), level: 0, limit: 0, window: 0, rule: rule, table: table,
                    into: &pairs, refined: &refined, windowed: &windowed, seen: &seen)
                index += 1
            }
            if pairs.count > max(2 * distinct, budget / 2) {
                pairs = unique(pairs)
                distinct = pairs.count
            }
            if distinct > budget / 2 {
                limit = max(groups[..<index].last { $0.count < size }?.count ?? 1, 2)
                break
            }
        }
        if limit > 0 {
            // Half the budget was passed at the last size: start again with the smaller groups, and
            // refine the rest.
            pairs = []
            seen = []
            let window = max(limit / 2, 1)
            for group in groups {
                expand(
                    entries[group].map(\.record), level: 0, limit: limit, window: window, rule: rule, table: table,
                    into: &pairs, refined: &refined, windowed: &windowed, seen: &seen)
                if pairs.count > 4 * budget { pairs = unique(pairs) }
            }
        }
        pairs = unique(pairs)
        let report = BlockingReport(
            rule: rule.name, pairs: pairs.count, budget: budget, groupLimit: limit,
            largestGroup: groups.last?.count ?? 0,
            refined: zip(rule.refinements, refined).map { Refinement.Use(name: $0.name, groups: $1) },
            windowed: windowed, window: max(limit / 2, 1))
        return (pairs, report)
    }

    /// The pairs of one group: every pair when it is small enough (or no limit applies), else the
    /// pairs of its sub-groups under the next refinement, else pairs within sorted-neighbourhood
    /// windows.
    private static func expand(
        _ records: [UInt32], level: Int, limit: Int, window: Int, rule: BlockingRule, table: LinkTable,
        into pairs: inout [UInt64], refined: inout [Int], windowed: inout Int, seen: inout Set<UInt64>
    ) {
        // A group with the same records as one already expanded (a name's many readings, each
        // grouping the same records) adds nothing.
        var hash: UInt64 = 0x4752_4f55_5053 &+ UInt64(level)
        for record in records { hash = StableHash.mix(hash, UInt64(record)) }
        guard seen.insert(hash).inserted else { return }
        if limit == 0 || records.count <= limit {
            for i in records.indices {
                let a = Int(records[i])
                for j in (i + 1)..<records.count {
                    let b = Int(records[j])
                    guard a != b, table.comparable(a, b) else { continue }
                    pairs.append(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
                }
            }
            return
        }
        if level < rule.refinements.count {
            refined[level] += 1
            let refinement = rule.refinements[level]
            // Records without a finer key form a sub-group of their own.
            let entries = keyed(records) { record in
                let keys = refinement.keys(record)
                return keys.isEmpty ? [0] : keys
            }
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count, entries[end].key == entries[start].key { end += 1 }
                if end - start > 1 {
                    expand(
                        entries[start..<end].map(\.record), level: level + 1, limit: limit, window: window, rule: rule,
                        table: table, into: &pairs, refined: &refined, windowed: &windowed, seen: &seen)
                }
                start = end
            }
            return
        }
        // Sorted neighbourhood: records ordered by their first finer keys, so that those agreeing
        // on a given name or year sit together; each is paired with the next `window`.
        windowed += 1
        let order = records.map { record -> ([UInt64], UInt32) in
            (rule.refinements.map { $0.keys(Int(record)).min() ?? 0 }, record)
        }.sorted { $0.0.lexicographicallyPrecedes($1.0) || ($0.0 == $1.0 && $0.1 < $1.1) }
        for i in order.indices {
            let a = Int(order[i].1)
            for j in (i + 1)..<min(i + 1 + window, order.count) {
                let b = Int(order[j].1)
                guard a != b, table.comparable(a, b) else { continue }
                pairs.append(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
            }
        }
    }

    static func unique(_ values: [UInt64]) -> [UInt64] {
        var sorted = values
        sorted.sort()
        var result: [UInt64] = []
        result.reserveCapacity(sorted.count)
        for value in sorted where result.last != value { result.append(value) }
        return result
    }
}

/// FNV-1a over UTF-8, 64 bits: the same key always lands in the same group, in every run.
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
    }

    static func of(_ text: String) -> UInt64 {
        var hasher = StableHash()
        hasher.combine(text)
        return hasher.value
    }

    /// Two hashes combined so that (a, b) and (b, a) differ.
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = a &+ 0x9e37_79b9_7f4a_7c15 &+ (b << 6) &+ (b >> 2)
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31) ^ b
    }
}

/// Slots written by concurrent workers, one each, read after they finish.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = [Value?](repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return slots[index]
        }
        set {
            lock.lock()
            slots[index] = newValue
            lock.unlock()
        }
    }
}
