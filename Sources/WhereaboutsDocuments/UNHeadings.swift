import Foundation

/// Headings that stand between paragraphs (`II. Conclusions and/or recommendations`,
/// `A. Presentation by the State under review`, `1. Human rights concerns…`, or a line of words
/// with no label, `Principle of non-refoulement`): they come after the last sentence of the
/// paragraph before, so they are taken off a paragraph's tail. Where the text keeps its lines, a
/// heading is a line after the last line that ends a sentence; where it does not (a text export run
/// into one line), only labelled headings can be told apart: a Roman numeral, a capital letter or a
/// number with a full stop, then words without a sentence's punctuation. Either way, what precedes
/// the first heading must end a sentence, so `Kim J. Un` is never a heading.
enum UNHeadings {
    static let lastHeading = try! NSRegularExpression(
        pattern: #"(?:^|\s)((?:[IVX]{1,6}|[A-Z]|[0-9]{1,2})\.\s+[\p{Lu}][^.;:!?\x{E000}]{1,200}?)\s*$"#)
    static let trailingMarkers = try! NSRegularExpression(pattern: #"(?:\x{E000}[0-9]+\x{E001}|\s)+$"#)

    /// `text` (as it stands in the document, lines kept) without the headings at its end, and those
    /// headings in order.
    static func split(_ text: String) -> (text: String, headings: [String]) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("\n") {
            var lines = trimmed.components(separatedBy: "\n")
            var headings: [String] = []
            while let last = lines.last {
                let line = last.trimmingCharacters(in: .whitespaces)
                if line.isEmpty {
                    lines.removeLast()
                    continue
                }
                guard isLabel(line) || !endsSentence(line), line.count <= 200,
                    line.first!.isUppercase || line.first!.isNumber,
                    lines.count > 1
                else { break }
                headings.insert(line, at: 0)
                lines.removeLast()
            }
            // A label on its own line (`II.`) belongs to the heading after it.
            headings = joinLabels(headings)
            if !headings.isEmpty, endsSentence(lines.joined(separator: "\n")) {
                return (UNFootnoteReader.normalised(lines.joined(separator: "\n")), headings)
            }
        }
        let flat = UNFootnoteReader.normalised(trimmed)
        var rest = flat
        var found: [(heading: String, before: String)] = []
        while let match = lastHeading.firstMatch(in: rest, range: NSRange(rest.startIndex..., in: rest)),
            let heading = Range(match.range(at: 1), in: rest), let whole = Range(match.range, in: rest)
        {
            let before = String(rest[..<whole.lowerBound])
            found.append((String(rest[heading]), before))
            rest = before
        }
        // Keep the longest run of headings that follows the end of a sentence.
        for count in stride(from: found.count, through: 1, by: -1) where endsSentence(found[count - 1].before) {
            return (found[count - 1].before, found.prefix(count).reversed().map(\.heading))
        }
        return (flat, [])
    }

    /// Whether `text` ends a sentence (footnote references after the full stop aside).
    static func endsSentence(_ text: String) -> Bool {
        let ns = text as NSString
        let plain = trailingMarkers.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: ns.length), withTemplate: "")
        guard let last = plain.last else { return false }
        return ".:;!?”\"’)]".contains(last)
    }

    private static func joinLabels(_ lines: [String]) -> [String] {
        var joined: [String] = []
        for line in lines {
            if let previous = joined.last, isLabel(previous) {
                joined[joined.count - 1] = previous + " " + line
            } else {
                joined.append(line)
            }
        }
        return joined.map(UNFootnoteReader.normalised)
    }

    /// A heading's label on a line of its own (`II.`, `A.`, `1.`), as `pdftotext` often leaves it.
    static func isLabel(_ line: String) -> Bool {
        line.range(of: #"^(?:[IVX]{1,6}|[A-Z]|[0-9]{1,2})\.$"#, options: .regularExpression) != nil
    }

    /// How deep a heading stands: 0 for a Roman numeral, 1 for a capital letter, 2 for a number,
    /// 3 for a heading without a label.
    static func level(_ heading: String) -> Int {
        guard
            let label = heading.range(of: #"^[^ .]{1,6}\.(?= )"#, options: .regularExpression).map({
                heading[$0].dropLast()
            })
        else { return 3 }
        if label.allSatisfy(\.isNumber) { return 2 }
        if label.count == 1 && !"IVX".contains(label) { return 1 }
        return label.allSatisfy({ "IVX".contains($0) }) ? 0 : 1
    }
}
