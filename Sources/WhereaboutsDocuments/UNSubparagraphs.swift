import Foundation

/// The lettered sub-paragraphs of a paragraph, `(a)`, `(b)`…: taken in sequence, each where a
/// clause begins (the paragraph's start, or after a colon, semicolon or full stop), so that
/// "paragraph 15 (a)" in running text is not one.
enum UNSubparagraphs {
    static let candidates = try! NSRegularExpression(
        pattern: #"(?:^|[:;.]\s+(?:and\s+|or\s+)?)\(([a-z]{1,2})\)\s+(?=\S)"#)

    static func split(_ text: String) -> [UNSubparagraph] {
        let ns = text as NSString
        var found: [(label: String, start: Int, textStart: Int)] = []
        var expected = "a"
        for match in candidates.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let label = ns.substring(with: match.range(at: 1))
            guard label == expected else { continue }
            let labelStart = match.range(at: 1).location - 1
            found.append((label, labelStart, match.range.location + match.range.length))
            expected = next(after: expected)
        }
        return found.enumerated().map { index, item in
            let end = index + 1 < found.count ? found[index + 1].start : ns.length
            var body = ns.substring(with: NSRange(location: item.textStart, length: end - item.textStart))
                .trimmingCharacters(in: .whitespaces)
            if index + 1 < found.count {
                // The clause's joining words belong to the list, not to the item's text.
                for tail in [" and", " or"] where body.hasSuffix(tail) { body.removeLast(tail.count) }
            }
            return UNSubparagraph(label: item.label, text: body)
        }
    }

    /// `a` → `b`, …, `y` → `z`, then `aa`, `bb`… as the UN letters items past twenty-six.
    static func next(after label: String) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        guard let last = label.last, let index = letters.firstIndex(of: last) else { return "a" }
        if index + 1 < letters.count { return String(repeating: String(letters[index + 1]), count: label.count) }
        return String(repeating: "a", count: label.count + 1)
    }
}
