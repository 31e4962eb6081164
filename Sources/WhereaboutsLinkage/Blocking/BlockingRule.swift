import Foundation

/// A way of proposing candidate pairs: records that share one of their keys under the rule are
/// compared. Rules are combined by union, so a pair missed by one (a typo in the surname) is found by
/// another (the same birth date and postcode). Keys are 64-bit hashes: a collision only proposes
/// one more pair to compare.
public struct BlockingRule: Sendable {
    /// Shown in progress and reports.
    public let name: String
    /// The keys of one record (none when the fields the rule needs are missing).
    public let keys: @Sendable (Int) -> [UInt64]

    public init(name: String, keys: @escaping @Sendable (Int) -> [UInt64]) {
        self.name = name
        self.keys = keys
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
        BlockingRule(name: first.name + "+" + second.name) { record in
            let left = first.keys(record)
            guard !left.isEmpty else { return [] }
            let right = second.keys(record)
            var keys: [UInt64] = []
            keys.reserveCapacity(left.count * right.count)
            for x in left { for y in right { keys.append(StableHash.mix(x, y)) } }
            return keys
        }
    }
}

/// The union of the pairs the rules propose.
public struct CandidatePairs: Sendable {
    /// Pairs as `a << 32 | b` with `a < b`, sorted, each once.
    public let pairs: [UInt64]
    /// Pairs each rule proposed (before the union), by rule name, in rule order.
    public let proposedByRule: [(rule: String, pairs: Int, skippedBuckets: Int)]

    /// Groups records by each rule's keys and takes every comparable pair within a group. Groups
    /// larger than `maxBucket` are skipped (a key shared by thousands of records says little), and so
    /// is a whole rule that would propose more than `pairsPerRecord` pairs per record (two fields that
    /// say the same thing, such as a suburb and its postcode); both are reported. Rules run on every
    /// core.
    public init(
        table: LinkTable, rules: [BlockingRule], maxBucket: Int = 500,
        pairsPerRecord: Int = LinkageSettings.pairsPerRecord,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        let results = ConcurrentResults<([UInt64], (String, Int, Int))>(count: rules.count)
        let done = Counter()
        DispatchQueue.concurrentPerform(iterations: rules.count) { index in
            results[index] = Self.pairs(
                table: table, rule: rules[index], maxBucket: maxBucket,
                budget: max(pairsPerRecord * table.count, 100_000))
            progress?(done.increment(), rules.count)
        }
        var all: [UInt64] = []
        var report: [(String, Int, Int)] = []
        for index in rules.indices {
            guard let (pairs, line) = results[index] else { continue }
            all += pairs
            report.append(line)
            if all.count > 4 * table.count + 1_000_000 { all = Self.unique(all) }
        }
        pairs = Self.unique(all)
        proposedByRule = report
    }

    private static func pairs(table: LinkTable, rule: BlockingRule, maxBucket: Int, budget: Int)
        -> ([UInt64], (String, Int, Int))
    {
        var keyed: [UInt64] = []
        var owners: [UInt32] = []
        keyed.reserveCapacity(table.count)
        owners.reserveCapacity(table.count)
        for record in 0..<table.count {
            for key in rule.keys(record) {
                keyed.append(key)
                owners.append(UInt32(record))
            }
        }
        // Sort (key, record) pairs together by packing positions: order by key, then record.
        var order = Array(keyed.indices)
        order.sort { keyed[$0] < keyed[$1] || (keyed[$0] == keyed[$1] && owners[$0] < owners[$1]) }
        var local: [UInt64] = []
        var skipped = 0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, keyed[order[end]] == keyed[order[start]] { end += 1 }
            if end - start > maxBucket {
                skipped += 1
            } else if end - start > 1 {
                for i in start..<end {
                    let a = Int(owners[order[i]])
                    for j in (i + 1)..<end {
                        let b = Int(owners[order[j]])
                        guard a != b, table.comparable(a, b) else { continue }
                        local.append(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
                    }
                }
                if local.count > 2 * budget {
                    local = unique(local)
                    if local.count > budget {
                        return ([], (rule.name + " (not used: over \(budget) pairs)", 0, skipped))
                    }
                }
            }
            start = end
        }
        local = unique(local)
        if local.count > budget { return ([], (rule.name + " (not used: over \(budget) pairs)", 0, skipped)) }
        return (local, (rule.name, local.count, skipped))
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
