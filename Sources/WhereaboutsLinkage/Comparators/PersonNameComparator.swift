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
