import Foundation

extension OverlapTable {
    /// Reads a table as R users write them: a header naming the lists and then the count column,
    /// one row per capture pattern with 0 or 1 under each list and the count last. Patterns not
    /// listed hold nobody; a row for the pattern on no list must say 0 (nobody is counted there).
    public init(csv text: String) throws(EstimationError) {
        let lines = text.split(whereSeparator: \.isNewline).map { String($0) }
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let header = lines.first else { throw .invalidTable("the file is empty") }
        let names = Self.fields(header)
        guard names.count >= 2 else {
            throw .invalidTable("the header must name the lists and then the count column")
        }
        let lists = Array(names.dropLast())
        var counts: [Int: Int] = [:]
        for (offset, line) in lines.dropFirst().enumerated() {
            let row = offset + 2
            let fields = Self.fields(line)
            guard fields.count == names.count else {
                throw .invalidTable("row \(row) has \(fields.count) fields, the header \(names.count)")
            }
            var pattern = 0
            for (index, field) in fields.dropLast().enumerated() {
                switch field {
                case "1": pattern |= 1 << index
                case "0": break
                default: throw .invalidTable("row \(row): list columns hold 0 or 1, not \"\(field)\"")
                }
            }
            guard let count = Int(fields[fields.count - 1]), count >= 0 else {
                throw .invalidTable("row \(row): the count must be a whole number, 0 or more")
            }
            if pattern == 0 {
                guard count == 0 else { throw .invalidTable("row \(row): nobody can be counted on no list") }
                continue
            }
            guard counts[pattern] == nil else { throw .invalidTable("row \(row) repeats a capture pattern") }
            counts[pattern] = count
        }
        try self.init(lists: lists, counts: counts)
    }

    /// The table in the same form it is read in (all patterns, in pattern order).
    public var csv: String {
        var text = (lists + ["count"]).map(Self.quoted).joined(separator: ",") + "\n"
        for pattern in counts.indices.dropFirst() {
            let bits = lists.indices.map { pattern & (1 << $0) != 0 ? "1" : "0" }
            text += (bits + [String(counts[pattern])]).joined(separator: ",") + "\n"
        }
        return text
    }

    private static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "'") + "\""
    }
}
