/// The members of a top-level JSON object as byte ranges, read in one pass without building a tree.
///
/// The store splits encoded records into ordinary and identifying fields and compares field values
/// between versions; `JSONEncoder` with sorted keys already writes canonical JSON, so splitting its
/// output by members is enough, and far cheaper than a round trip through `JSONSerialization`.
enum JSONObjectFields {
    /// Each member's key (as written, unescaped keys only) and its value's UTF-8 text.
    static func split(_ json: [UInt8]) -> [(key: String, value: ArraySlice<UInt8>)]? {
        var index = 0
        func skipSpace() {
            while index < json.count, [0x20, 0x0A, 0x0D, 0x09].contains(json[index]) { index += 1 }
        }
        /// Moves past a string starting at `index` (which must be a quote).
        func skipString() -> Bool {
            index += 1
            while index < json.count {
                switch json[index] {
                case 0x5C: index += 2
                case 0x22:
                    index += 1
                    return true
                default: index += 1
                }
            }
            return false
        }
        /// Moves past any value.
        func skipValue() -> Bool {
            skipSpace()
            guard index < json.count else { return false }
            switch json[index] {
            case 0x22: return skipString()
            case 0x7B, 0x5B:
                var depth = 0
                while index < json.count {
                    switch json[index] {
                    case 0x22:
                        if !skipString() { return false }
                        continue
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return true
                        }
                    default: break
                    }
                    index += 1
                }
                return false
            default:
                while index < json.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09].contains(json[index]) {
                    index += 1
                }
                return true
            }
        }

        skipSpace()
        guard index < json.count, json[index] == 0x7B else { return nil }
        index += 1
        var members: [(key: String, value: ArraySlice<UInt8>)] = []
        while true {
            skipSpace()
            guard index < json.count else { return nil }
            if json[index] == 0x7D { return members }
            if json[index] == 0x2C {
                index += 1
                continue
            }
            guard json[index] == 0x22 else { return nil }
            let keyStart = index + 1
            guard skipString() else { return nil }
            let key = String(decoding: json[keyStart..<(index - 1)], as: UTF8.self)
            skipSpace()
            guard index < json.count, json[index] == 0x3A else { return nil }
            index += 1
            skipSpace()
            let valueStart = index
            guard skipValue() else { return nil }
            members.append((key, json[valueStart..<index]))
        }
    }

    /// A JSON object of the given members, in the order given.
    static func join(_ members: [(key: String, value: ArraySlice<UInt8>)]) -> [UInt8] {
        var out: [UInt8] = [0x7B]
        for (offset, member) in members.enumerated() {
            if offset > 0 { out.append(0x2C) }
            out.append(0x22)
            out.append(contentsOf: member.key.utf8)
            out.append(contentsOf: [0x22, 0x3A])
            out.append(contentsOf: member.value)
        }
        out.append(0x7D)
        return out
    }
}
