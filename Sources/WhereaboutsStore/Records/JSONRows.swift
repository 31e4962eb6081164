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

    /// `text` as a JSON string.
    static func quoted(_ text: String) -> String {
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, byte by byte on
    /// UTF-8 (record bodies are JSON themselves, full of quotes): one pass to size the result, one to
    /// write it.
    static func appendQuoted(_ text: String, to out: inout String) {
        var text = text
        let quoted = text.withUTF8 { bytes in
            var length = bytes.count + 2
            for byte in bytes where needsEscape(byte) { length += byte < 0x20 && !shortEscape(byte) ? 5 : 1 }
            return String(unsafeUninitializedCapacity: length) { buffer in
                var index = 0
                func put(_ byte: UInt8) {
                    buffer[index] = byte
                    index += 1
                }
                put(UInt8(ascii: "\""))
                for byte in bytes {
                    guard needsEscape(byte) else {
                        put(byte)
                        continue
                    }
                    put(UInt8(ascii: "\\"))
                    switch byte {
                    case UInt8(ascii: "\n"): put(UInt8(ascii: "n"))
                    case UInt8(ascii: "\r"): put(UInt8(ascii: "r"))
                    case UInt8(ascii: "\t"): put(UInt8(ascii: "t"))
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(byte)
                    default:
                        let hex: StaticString = "0123456789abcdef"
                        for digit in [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")] { put(digit) }
                        put(hex.utf8Start[Int(byte >> 4)])
                        put(hex.utf8Start[Int(byte & 0xf)])
                    }
                }
                put(UInt8(ascii: "\""))
                return index
            }
        }
        out += quoted
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Control characters JSON writes with one letter after the backslash (the rest take `\u00XX`).
    private static func shortEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }
}
