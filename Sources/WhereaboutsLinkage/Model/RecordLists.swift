/// Which list (source) each record comes from, when the input says so.
///
/// A list seldom names one person twice, while two lists often name the same person: pairs within a
/// list and pairs across lists get a prior of their own, each learned from the data (decision 0021).
/// Nothing is assumed: a list that does repeat people keeps a prior that says so.
public struct RecordLists: Sendable {
    /// Each record's list (`-1` when the record names none: such a record is "across" every list).
    let codes: [Int32]
    /// The number of records in each list.
    let sizes: [Int]

    init(_ table: LinkTable, column: String) {
        let column = InternedColumn(table.column(column)) { $0 }
        codes = column.codes
        var sizes = [Int](repeating: 0, count: column.values.count)
        for code in codes where code >= 0 { sizes[Int(code)] += 1 }
        self.sizes = sizes
    }

    /// Whether both records come from one list.
    @inline(__always)
    func same(_ a: Int, _ b: Int) -> Bool {
        let code = codes[a]
        return code >= 0 && code == codes[b]
    }

    /// The number of pairs within a list.
    var pairsWithin: Double { sizes.reduce(0) { $0 + Double($1) * Double($1 - 1) / 2 } }
}
