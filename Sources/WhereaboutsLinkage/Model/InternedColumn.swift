/// A column stored once per distinct value: each record holds a code (`-1` when missing), and what
/// a comparator needs (the value's scalars, its frequency) is computed once per distinct value. A
/// million records with a few thousand given names keep a few thousand arrays, not a million.
struct InternedColumn<Value: Sendable>: Sendable {
    let codes: [Int32]
    let values: [Value]
    /// The share of present records holding each distinct value.
    let frequencies: [Double]
    /// A stable hash of each distinct value's text, for blocking.
    let hashes: [UInt64]

    init(_ column: [String?], transform: (String) -> Value) {
        var index: [String: Int32] = [:]
        var texts: [String] = []
        var counts: [Int] = []
        var codes = [Int32](repeating: -1, count: column.count)
        for (record, value) in column.enumerated() {
            guard let value else { continue }
            if let code = index[value] {
                codes[record] = code
                counts[Int(code)] += 1
            } else {
                let code = Int32(texts.count)
                index[value] = code
                texts.append(value)
                counts.append(1)
                codes[record] = code
            }
        }
        self.codes = codes
        values = texts.map(transform)
        let present = Double(max(counts.reduce(0, +), 1))
        frequencies = counts.map { Double($0) / present }
        hashes = texts.map { text in
            var hasher = StableHash()
            hasher.combine(text)
            return hasher.value
        }
    }

    @inline(__always) subscript(record: Int) -> Value? {
        let code = codes[record]
        return code < 0 ? nil : values[Int(code)]
    }

    /// How two records' values stand: one missing, the same value, or two different values.
    enum Pair {
        case missing, same
        case different(Value, Value)
    }

    @inline(__always) func pair(_ a: Int, _ b: Int) -> Pair {
        let x = codes[a]
        let y = codes[b]
        guard x >= 0, y >= 0 else { return .missing }
        return x == y ? .same : .different(values[Int(x)], values[Int(y)])
    }

    @inline(__always) func frequency(_ record: Int) -> Double {
        let code = codes[record]
        return code < 0 ? 0 : frequencies[Int(code)]
    }
}
