/// A way of proposing candidate pairs: records that share one of their keys under the rule are
/// compared. Rules are combined by union, so a pair missed by one (a typo in the surname) is found by
/// another (the same birth date and postcode).
public struct BlockingRule: Sendable {
    /// Shown in progress and reports.
    public let name: String
    /// The keys of one record (none when the fields the rule needs are missing).
    public let keys: @Sendable (Int) -> [String]

    public init(name: String, keys: @escaping @Sendable (Int) -> [String]) {
        self.name = name
        self.keys = keys
    }

    /// Records agreeing exactly on every listed column (none missing).
    public static func columns(_ names: [String], in table: LinkTable) -> BlockingRule {
        let columns = names.map { table.column($0) }
        return BlockingRule(name: names.joined(separator: "+")) { record in
            var key = ""
            for column in columns {
                guard let value = column[record] else { return [] }
                key += value
                key += "\u{1F}"
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
            var keys: [String] = []
            keys.reserveCapacity(left.count * right.count)
            for x in left { for y in right { keys.append(x + "\u{1F}" + y) } }
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
    /// larger than `maxBucket` are skipped (a key shared by thousands of records says little); how many
    /// were skipped is reported.
    public init(
        table: LinkTable, rules: [BlockingRule], maxBucket: Int = 500,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) {
        var all: [UInt64] = []
        var report: [(String, Int, Int)] = []
        for (ruleIndex, rule) in rules.enumerated() {
            progress?(ruleIndex, rules.count)
            var keyed: [(UInt64, UInt32)] = []
            keyed.reserveCapacity(table.count)
            for record in 0..<table.count {
                for key in rule.keys(record) {
                    var hasher = StableHash()
                    hasher.combine(key)
                    keyed.append((hasher.value, UInt32(record)))
                }
            }
            keyed.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            var proposed = 0
            var skipped = 0
            var start = 0
            while start < keyed.count {
                var end = start + 1
                while end < keyed.count, keyed[end].0 == keyed[start].0 { end += 1 }
                if end - start > maxBucket {
                    skipped += 1
                } else if end - start > 1 {
                    for i in start..<end {
                        let a = Int(keyed[i].1)
                        for j in (i + 1)..<end {
                            let b = Int(keyed[j].1)
                            guard a != b, table.comparable(a, b) else { continue }
                            all.append(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
                            proposed += 1
                        }
                    }
                }
                start = end
            }
            report.append((rule.name, proposed, skipped))
            // Keep the working set small: fold duplicates in as we go.
            if all.count > 4 * table.count + 1_000_000 { all = Self.unique(all) }
        }
        progress?(rules.count, rules.count)
        pairs = Self.unique(all)
        proposedByRule = report
    }

    private static func unique(_ values: [UInt64]) -> [UInt64] {
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
}
