/// Exact agreement of a column's values, with term-frequency adjustment when asked (a shared rare
/// street number says more than a shared common one).
public struct ExactComparator: Comparator {
    public let name: String
    public let levelNames = ["exact", "different"]
    private let values: [String?]
    private let frequencies: ValueFrequencies?

    public init(_ table: LinkTable, column: String, termFrequency: Bool = false) {
        name = column
        values = table.column(column)
        frequencies = termFrequency ? ValueFrequencies(values) : nil
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        guard let x = values[a], let y = values[b] else { return -1 }
        return x == y ? 0 : 1
    }

    public func termFrequency(_ a: Int, level: Int) -> Double? { level == 0 ? frequencies?[a] : nil }
}

/// Codes typed by hand (identity numbers, postcodes): exact, then within one or two edits
/// (Damerau–Levenshtein), else different.
public struct EditDistanceComparator: Comparator {
    public let name: String
    public let levelNames: [String]
    private let thresholds: [Int]
    private let values: [[UInt32]?]
    private let frequencies: ValueFrequencies?

    public init(_ table: LinkTable, column: String, thresholds: [Int] = [1, 2], termFrequency: Bool = false) {
        name = column
        self.thresholds = thresholds.sorted()
        levelNames = ["exact"] + self.thresholds.map { $0 == 1 ? "one edit" : "\($0) edits" } + ["different"]
        let raw = table.column(column)
        values = raw.map { $0.map(StringDistance.scalars) }
        frequencies = termFrequency ? ValueFrequencies(raw) : nil
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        guard let x = values[a], let y = values[b] else { return -1 }
        if x == y { return 0 }
        let distance = StringDistance.damerauLevenshtein(x, y, limit: thresholds.last ?? 0)
        for (index, threshold) in thresholds.enumerated() where distance <= threshold { return index + 1 }
        return thresholds.count + 1
    }

    public func termFrequency(_ a: Int, level: Int) -> Double? { level == 0 ? frequencies?[a] : nil }
}

/// Names and other words written in Latin letters: exact, equal to the record's other name field
/// (given and family names swapped), one edit, then Jaro–Winkler bands, else different.
public struct NameStringComparator: Comparator {
    public let name: String
    public let levelNames = ["exact", "swapped with the other name", "one edit", "Jaro-Winkler ≥ 0.92",
        "Jaro-Winkler ≥ 0.8", "different"]
    private let values: [[UInt32]?]
    private let others: [[UInt32]?]
    private let frequencies: ValueFrequencies?

    /// `swappedWith` names the column that holds the other part of the name (the surname for the
    /// given name), if any.
    public init(_ table: LinkTable, column: String, swappedWith: String? = nil, termFrequency: Bool = true) {
        name = column
        let raw = table.column(column)
        values = raw.map { $0.map(StringDistance.scalars) }
        others =
            swappedWith.map { table.column($0).map { $0.map(StringDistance.scalars) } }
            ?? [[UInt32]?](repeating: nil, count: raw.count)
        frequencies = termFrequency ? ValueFrequencies(raw) : nil
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        guard let x = values[a], let y = values[b] else {
            // A name moved to the other field still agrees with it.
            if let x = values[a], let other = others[b], x == other { return 1 }
            if let y = values[b], let other = others[a], y == other { return 1 }
            return -1
        }
        if x == y { return 0 }
        if let other = others[b], x == other { return 1 }
        if let other = others[a], y == other { return 1 }
        if StringDistance.damerauLevenshtein(x, y, limit: 1) <= 1 { return 2 }
        let similarity = StringDistance.jaroWinkler(x, y)
        if similarity >= 0.92 { return 3 }
        if similarity >= 0.8 { return 4 }
        return 5
    }

    public func termFrequency(_ a: Int, level: Int) -> Double? { level == 0 ? frequencies?[a] : nil }
}

/// Free text such as street names and localities: exact, then Jaro–Winkler bands, else different.
public struct TextComparator: Comparator {
    public let name: String
    public let levelNames = ["exact", "Jaro-Winkler ≥ 0.9", "Jaro-Winkler ≥ 0.8", "different"]
    private let values: [[UInt32]?]
    private let frequencies: ValueFrequencies?

    public init(_ table: LinkTable, column: String, termFrequency: Bool = true) {
        name = column
        let raw = table.column(column)
        values = raw.map { $0.map(StringDistance.scalars) }
        frequencies = termFrequency ? ValueFrequencies(raw) : nil
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        guard let x = values[a], let y = values[b] else { return -1 }
        if x == y { return 0 }
        let similarity = StringDistance.jaroWinkler(x, y)
        return similarity >= 0.9 ? 1 : similarity >= 0.8 ? 2 : 3
    }

    public func termFrequency(_ a: Int, level: Int) -> Double? { level == 0 ? frequencies?[a] : nil }
}
