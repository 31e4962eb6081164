/// Exact agreement of a column's values, with term-frequency adjustment when asked (a shared rare
/// street number says more than a shared common one).
public struct ExactComparator: Comparator {
    public let name: String
    public let levelNames = ["exact", "different"]
    private let column: InternedColumn<Void>
    private let adjusts: Bool

    public init(_ table: LinkTable, column: String, termFrequency: Bool = false) {
        name = column
        self.column = InternedColumn(table.column(column)) { _ in () }
        adjusts = termFrequency
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        let x = column.codes[a]
        let y = column.codes[b]
        guard x >= 0, y >= 0 else { return -1 }
        return x == y ? 0 : 1
    }

    public func termFrequency(_ a: Int, level: Int) -> Double? { adjusts && level == 0 ? column.frequency(a) : nil }
}

/// Codes typed by hand (identity numbers, postcodes): exact, then within one or two edits
/// (Damerau–Levenshtein), else different.
public struct EditDistanceComparator: Comparator {
    public let name: String
    public let levelNames: [String]
    private let thresholds: [Int]
    private let column: InternedColumn<[UInt32]>
    private let adjusts: Bool

    public init(_ table: LinkTable, column: String, thresholds: [Int] = [1, 2], termFrequency: Bool = false) {
        name = column
        self.thresholds = thresholds.sorted()
        levelNames = ["exact"] + self.thresholds.map { $0 == 1 ? "one edit" : "\($0) edits" } + ["different"]
        self.column = InternedColumn(table.column(column), transform: StringDistance.scalars)
        adjusts = termFrequency
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        let x: [UInt32]
        let y: [UInt32]
        switch column.pair(a, b) {
        case .missing: return -1
        case .same: return 0
        case .different(let first, let second): (x, y) = (first, second)
        }
        let distance = StringDistance.damerauLevenshtein(x, y, limit: thresholds.last ?? 0)
        for (index, threshold) in thresholds.enumerated() where distance <= threshold { return index + 1 }
        return thresholds.count + 1
    }

    public func termFrequency(_ a: Int, level: Int) -> Double? { adjusts && level == 0 ? column.frequency(a) : nil }
}

/// Names and other words written in Latin letters: exact, equal to the record's other name field
/// (given and family names swapped), one edit, then Jaro–Winkler bands, else different.
public struct NameStringComparator: Comparator {
    public let name: String
    public let levelNames = [
        "exact", "swapped with the other name", "one edit", "Jaro-Winkler ≥ 0.92", "Jaro-Winkler ≥ 0.8", "different",
    ]
    private let column: InternedColumn<[UInt32]>
    private let other: InternedColumn<[UInt32]>?
    private let adjusts: Bool

    /// `swappedWith` names the column that holds the other part of the name (the surname for the
    /// given name), if any.
    public init(_ table: LinkTable, column: String, swappedWith: String? = nil, termFrequency: Bool = true) {
        name = column
        self.column = InternedColumn(table.column(column), transform: StringDistance.scalars)
        other = swappedWith.map { InternedColumn(table.column($0), transform: StringDistance.scalars) }
        adjusts = termFrequency
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        let x = column[a]
        let y = column[b]
        let otherA = other?[a]
        let otherB = other?[b]
        guard let x, let y else {
            // A name moved to the other field still agrees with it.
            if let x, let otherB, x == otherB { return 1 }
            if let y, let otherA, y == otherA { return 1 }
            return -1
        }
        if column.codes[a] == column.codes[b] { return 0 }
        if let otherB, x == otherB { return 1 }
        if let otherA, y == otherA { return 1 }
        if StringDistance.damerauLevenshtein(x, y, limit: 1) <= 1 { return 2 }
        let similarity = StringDistance.jaroWinkler(x, y)
        if similarity >= 0.92 { return 3 }
        if similarity >= 0.8 { return 4 }
        return 5
    }

    public func termFrequency(_ a: Int, level: Int) -> Double? { adjusts && level == 0 ? column.frequency(a) : nil }
}

/// Free text such as street names and localities: exact, then Jaro–Winkler bands, else different.
public struct TextComparator: Comparator {
    public let name: String
    public let levelNames = ["exact", "Jaro-Winkler ≥ 0.9", "Jaro-Winkler ≥ 0.8", "different"]
    private let column: InternedColumn<[UInt32]>
    private let adjusts: Bool

    public init(_ table: LinkTable, column: String, termFrequency: Bool = true) {
        name = column
        self.column = InternedColumn(table.column(column), transform: StringDistance.scalars)
        adjusts = termFrequency
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        switch column.pair(a, b) {
        case .missing: return -1
        case .same: return 0
        case .different(let x, let y):
            let similarity = StringDistance.jaroWinkler(x, y)
            return similarity >= 0.9 ? 1 : similarity >= 0.8 ? 2 : 3
        }
    }

    public func termFrequency(_ a: Int, level: Int) -> Double? { adjusts && level == 0 ? column.frequency(a) : nil }
}
