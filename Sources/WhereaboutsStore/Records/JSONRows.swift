import WhereaboutsCore

/// Index rows written as one JSON array bound to one parameter, which SQLite expands with
/// `json_each`: binding thousands of values one by one cost more than writing them (issue 2's import
/// rate). The rows are built in the tasks that prepare records, off the writer's path.
enum JSONRows {
    /// A JSON array element of text and integer cells: `["a","b",1]`.
    static func row(_ cells: [JSONCell]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(
            cells.reduce(2) { sum, cell in
                if case .text(let text) = cell { return sum + text.utf8.count + 3 }
                return sum + 21
            })
        out.append(0x5B)
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(0x2C) }
            switch cell {
            case .text(let text): CanonicalJSON.appendString(text, to: &out)
            case .integer(let number): out.append(contentsOf: String(number).utf8)
            case .null: out.append(contentsOf: "null".utf8)
            }
        }
        out.append(0x5D)
        return String(decoding: out, as: UTF8.self)
    }

    /// The array of the given elements (each already a JSON value).
    static func array(_ elements: [String]) -> String {
        "[" + elements.filter { !$0.isEmpty }.joined(separator: ",") + "]"
    }

    /// One cell of a row.
    enum JSONCell {
        case text(String)
        case integer(Int)
        case null

        /// Text, or null when absent.
        static func optional(_ text: String?) -> JSONCell { text.map(JSONCell.text) ?? .null }
    }
}
