import WhereaboutsNames

/// A whole person's name in any script: the same name in some reading (박희순 / Park Hee-sun /
/// Pak Hui-sun; 加藤 恵子 / Katou Keiko), the same syllables only through the characters they can
/// stand for (김복금 / Jin Fujin: looser, as a pinyin syllable stands for many Korean ones), the same
/// family name and a close given name, close as a whole, one part the same, or different.
public struct PersonNameComparator: Comparator {
    public let name: String
    public let levelNames = [
        "same name in some reading", "same syllables through their characters", "same family name, close given name",
        "close as a whole", "one part the same", "different",
    ]
    /// Per distinct name: its readings, its first readings as scalars (for the fuzzy levels), and
    /// its part keys.
    private struct Read: Sendable {
        let readings: NameReadings
        let primary: [(family: [UInt32], given: [UInt32])]
        let partKeys: [UInt64]
    }
    private let names: InternedColumn<Read?>
    /// Per distinct name, its whole-name and given-name keys (``ListedNameKeys``), sorted.
    private let wholeKeys: [[UInt64]]
    private let givenKeys: [[UInt64]]
    /// Per distinct name, the share of named records holding each of its whole-name keys, in the
    /// order of `wholeKeys`.
    private let wholeKeyShares: [[Double]]

    public init(_ table: LinkTable, column: String) {
        name = column
        let names = InternedColumn(table.column(column)) { value -> Read? in
            let readings = NameReadings(value)
            guard !readings.isEmpty else { return nil }
            let primary = readings.splits.prefix(4).compactMap { split -> ([UInt32], [UInt32])? in
                guard let family = split.family.first, let given = split.given.first else { return nil }
                return (StringDistance.scalars(family), StringDistance.scalars(given))
            }
            return Read(readings: readings, primary: primary, partKeys: readings.partKeys.map(StableHash.of))
        }
        self.names = names
        let readings = names.values.map { $0?.readings }
        wholeKeys = ListedNameKeys.keys(readings, own: \.wholeNameKeys, spaces: \.wholeNameKeySpaces)
        givenKeys = ListedNameKeys.keys(readings, own: \.givenNameKeys, spaces: \.givenNameKeySpaces)
        wholeKeyShares = Self.shares(of: wholeKeys, codes: names.codes)
    }

    /// The share of named records holding each key of each distinct name.
    private static func shares(of keys: [[UInt64]], codes: [Int32]) -> [[Double]] {
        var records = [Int](repeating: 0, count: keys.count)
        for code in codes where code >= 0 { records[Int(code)] += 1 }
        var counts: [UInt64: Int] = [:]
        for (name, nameKeys) in keys.enumerated() where records[name] > 0 {
            for key in nameKeys { counts[key, default: 0] += records[name] }
        }
        let named = Double(max(records.reduce(0, +), 1))
        return keys.map { nameKeys in nameKeys.map { Double(counts[$0] ?? 0) / named } }
    }

    /// How common the name two records agree on is: among the readings they share, the share of
    /// named records holding the most common one (Katou Yaeko, held by dozens of people, weighs
    /// less than a name only one person has). Only the closest level is adjusted.
    public func termFrequency(_ a: Int, _ b: Int, level: Int) -> Double? {
        guard level == 0 else { return nil }
        let (x, y) = (names.codes[a], names.codes[b])
        guard x >= 0, y >= 0 else { return nil }
        let (first, second) = (wholeKeys[Int(x)], wholeKeys[Int(y)])
        let shares = wholeKeyShares[Int(x)]
        var (i, j) = (0, 0)
        var common: Double?
        while i < first.count, j < second.count {
            if first[i] == second[j] {
                common = max(common ?? 0, shares[i])
                i += 1
                j += 1
            } else if first[i] < second[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return common
    }

    /// The readings of a record's name, if it has one.
    public func readings(_ record: Int) -> NameReadings? { names[record]??.readings }

    /// Candidates share a whole-name reading; a group too large is split by the given name.
    public var blockingRule: BlockingRule {
        let (codes, keys) = (names.codes, wholeKeys)
        return BlockingRule(
            name: name, keys: { record in codes[record] < 0 ? [] : keys[Int(codes[record])] },
            refinements: [givenNameRefinement])
    }

    /// Keys of the family or given name alone, to pair with another field's keys.
    public var partRule: BlockingRule {
        let names = self.names
        return BlockingRule(
            name: name + " (part)", keys: { record in names[record]??.partKeys ?? [] },
            refinements: [givenNameRefinement])
    }

    /// The given name in each of its readings.
    public var givenNameRefinement: Refinement {
        let (codes, keys) = (names.codes, givenKeys)
        return Refinement(name: "given name") { record in codes[record] < 0 ? [] : keys[Int(codes[record])] }
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        guard let x = names[a] ?? nil, let y = names[b] ?? nil else { return -1 }
        switch x.readings.agreement(with: y.readings) {
        case .reading: return 0
        case .syllables: return 1
        case nil: break
        }
        var best = 5
        for p in x.primary {
            for q in y.primary {
                let familySame = !p.family.isEmpty && p.family == q.family
                let givenSame = !p.given.isEmpty && p.given == q.given
                if familySame, StringDistance.jaroWinkler(p.given, q.given) >= 0.88 { return 2 }
                let whole = StringDistance.jaroWinkler(p.family + [0x7C] + p.given, q.family + [0x7C] + q.given)
                if whole >= 0.9 { best = min(best, 3) }
                if familySame || givenSame { best = min(best, 4) }
            }
        }
        return best
    }
}
