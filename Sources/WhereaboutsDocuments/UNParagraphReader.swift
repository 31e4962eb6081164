import Foundation

/// Finds the numbered paragraphs of a document's running text, and the numbered lists of
/// recommendations inside them (`1.` … `117.` under paragraph 90, or `124.1` … under 124).
///
/// A paragraph number is the number expected next, written with a full stop at a word's start and
/// followed by a capital letter: a heading (`II.`, `A.`) is not a number, a year or a figure is not
/// the expected one, and a number inside a list of recommendations is read as the list's next item
/// before it is read as the next paragraph (`91.` after item 90 of paragraph 90's list is item 91;
/// after item 117 it is paragraph 91).
struct UNParagraphReader {
    /// A piece of the text that a paragraph number or a list item starts.
    struct Segment {
        enum Kind: Equatable {
            case paragraph(Int)
            /// Item `number` of the list in paragraph `parent`, written `printed`.
            case item(parent: Int, number: Int)
        }
        var kind: Kind
        /// Where the number is written.
        var markerStart: String.Index
        /// Where the text after the number begins.
        var textStart: String.Index
    }

    /// The segments in order, and the text before the first one (cover page, contents).
    private(set) var segments: [Segment] = []

    static let candidates = try! NSRegularExpression(
        pattern: #"(?<![^\s])([0-9]{1,3})\.(?:([0-9]{1,3})\.?)?(?=\s+[\p{Lu}“"‘'(\[\x{E000}])"#)

    init(_ flow: String) {
        var expected = 1
        // The list being read: its paragraph, the next item and whether items repeat the paragraph's number.
        var list: (parent: Int, next: Int, prefixed: Bool)?
        var current: Int?
        let ns = flow as NSString
        for match in Self.candidates.matches(in: flow, range: NSRange(location: 0, length: ns.length)) {
            guard let number = Int(ns.substring(with: match.range(at: 1))),
                let marker = Range(match.range, in: flow)
            else { continue }
            let sub = match.range(at: 2).location == NSNotFound ? nil : Int(ns.substring(with: match.range(at: 2)))
            func add(_ kind: Segment.Kind) {
                segments.append(Segment(kind: kind, markerStart: marker.lowerBound, textStart: marker.upperBound))
            }
            if let sub {
                // `124.1`: an item of the list of paragraph 124.
                if let open = list, open.prefixed, open.parent == number, open.next == sub {
                    add(.item(parent: number, number: sub))
                    list?.next += 1
                } else if list == nil, let current, current == number, sub == 1,
                    introducesList(flow, from: segments.last!.textStart, to: marker.lowerBound)
                {
                    add(.item(parent: number, number: 1))
                    list = (number, 2, true)
                }
                continue
            }
            if let open = list, !open.prefixed, open.next == number {
                add(.item(parent: open.parent, number: number))
                list?.next += 1
            } else if number == expected {
                add(.paragraph(number))
                current = number
                list = nil
                expected += 1
            } else if list == nil, number == 1, let current,
                introducesList(flow, from: segments.last!.textStart, to: marker.lowerBound)
            {
                add(.item(parent: current, number: 1))
                list = (current, 2, false)
            }
        }
    }

    /// Whether the text from `start` to `end` ends by announcing a list (`…the following recommendations…:`).
    private func introducesList(_ flow: String, from start: String.Index, to end: String.Index) -> Bool {
        // Footnote references and the asterisks of an unedited-text note may follow the colon.
        let text = String(flow[start..<end]).replacingOccurrences(
            of: #"(?:\x{E000}[0-9]+\x{E001}|\*|\s)+$"#, with: "", options: .regularExpression)
        return text.hasSuffix(":") && text.range(of: "recommendation", options: .caseInsensitive) != nil
    }
}
