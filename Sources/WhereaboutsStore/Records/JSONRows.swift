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

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, byte by byte on
    /// UTF-8 (record bodies are JSON themselves, full of quotes).
    static func appendQuoted(_ text: String, to out: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        out += String(decoding: bytes, as: UTF8.self)
    }
}
