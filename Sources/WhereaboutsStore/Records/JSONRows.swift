/// Index rows written as one JSON array bound to one parameter, which SQLite expands with
/// `json_each`: binding thousands of values one by one cost more than writing them (issue 2's import
/// rate). The rows are built in the tasks that prepare records, off the writer's path.
enum JSONRows {
    /// A JSON array element of text and integer cells: `["a","b",1]`.
    static func row(_ cells: [JSONCell]) -> String {
        var out = "["
        for (index, cell) in cells.enumerated() {
            if index > 0 { out += "," }
            switch cell {
            case .text(let text): appendQuoted(text, to: &out)
            case .integer(let number): out += String(number)
            case .null: out += "null"
            }
        }
        return out + "]"
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

    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
