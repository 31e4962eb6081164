import Foundation

/// Separates footnotes from the running text. Footnotes are numbered in one sequence through a
/// document, and a footnote's text comes after its reference: the reader only takes the number it
/// expects next, which keeps a paragraph line that happens to begin with "4 June" from being read
/// as footnote 4. References are superscript digits (`Korea,⁴`) in text exports and digits glued to
/// the preceding word or mark (`Korea,4 as`) in `pdftotext` output; in the text they read, they are
/// replaced by a marker the paragraph reader turns into the paragraph's footnote list.
struct UNFootnoteReader {
    /// The text with footnote texts taken out and references marked.
    var body: [String] = []
    var footnotes: [UNFootnote] = []

    private var nextReference = 1
    /// A text export writes references as superscripts; digits are then never references.
    private let superscriptsOnly: Bool
    private var nextNote = 1

    static let superscripts: [Character: Int] = [
        "⁰": 0, "¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9,
    ]

    /// How a reference is marked in `body`: a private-use character around its number.
    static func marker(_ number: Int) -> String { "\u{E000}\(number)\u{E001}" }
    static let markerPattern = try! NSRegularExpression(pattern: "\u{E000}([0-9]+)\u{E001}")

    /// Reads `pages` (lines of each page, as `UNDocumentText.pages` gives them).
    init(pages: [[String]]) {
        let paged = pages.count > 1
        superscriptsOnly = pages.contains { $0.contains { $0.contains(where: { Self.superscripts[$0] != nil }) } }
        for page in pages {
            var inNotes = false
            for (index, line) in page.enumerated() {
                if let (number, text) = noteStart(line), number == nextNote, number < nextReference,
                    !paged || !Self.paragraphFollows(page[(index + 1)...])
                {
                    footnotes.append(UNFootnote(number: number, text: text, citations: []))
                    nextNote += 1
                    // On a printed page, the footnotes run to its foot; a text export gives each on one line.
                    inNotes = paged
                    continue
                }
                if inNotes, !line.isEmpty, !footnotes.isEmpty {
                    footnotes[footnotes.count - 1].text += " " + line
                    continue
                }
                body.append(markReferences(line))
            }
            body.append("")
        }
        var previous: UNSymbol?
        for index in footnotes.indices {
            footnotes[index].text = Self.normalised(footnotes[index].text)
            footnotes[index].citations = UNCitations.all(in: footnotes[index].text, previous: previous)
            previous =
                footnotes[index].citations.last?.symbol ?? (footnotes[index].text.hasPrefix("Ibid.") ? previous : nil)
        }
    }

    /// The number and text of a line that begins like a footnote: superscript digits, or digits
    /// and a space before a capital letter or a symbol (`4 See A/HRC/…`, `12 A/79/…`).
    private func noteStart(_ line: String) -> (Int, String)? {
        let digits = line.prefix { Self.superscripts[$0] != nil }
        if !digits.isEmpty {
            let number = digits.reduce(0) { $0 * 10 + Self.superscripts[$1]! }
            return (number, line.dropFirst(digits.count).trimmingCharacters(in: .whitespaces))
        }
        guard let match = line.range(of: #"^[0-9]{1,3} +(?=\S)"#, options: .regularExpression),
            let number = Int(line[match].trimmingCharacters(in: .whitespaces))
        else { return nil }
        let rest = line[match.upperBound...]
        guard let first = rest.first, first.isUppercase || first == "“" || first == "\"" || first == "<" else {
            return nil
        }
        return (number, String(rest))
    }

    /// Whether a numbered paragraph begins below: footnotes are at a page's foot, so they cannot.
    private static func paragraphFollows(_ lines: ArraySlice<String>) -> Bool {
        lines.contains { $0.range(of: #"^[0-9]{1,3}\.(?:\s|$)"#, options: .regularExpression) != nil }
    }

    /// `line` with the references it holds replaced by markers, taking only the expected numbers.
    private mutating func markReferences(_ line: String) -> String {
        var result = ""
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if Self.superscripts[character] != nil {
                var end = index
                var number = 0
                while end < characters.count, let digit = Self.superscripts[characters[end]] {
                    number = number * 10 + digit
                    end += 1
                }
                if number == nextReference {
                    result += Self.marker(number)
                    nextReference += 1
                } else {
                    result += String(characters[index..<end])
                }
                index = end
                continue
            }
            if !superscriptsOnly, character.isASCII, character.isNumber, index > 0,
                Self.gluedAfter(characters[index - 1]),
                index < 2 || !(characters[index - 2].isNumber && ".,".contains(characters[index - 1]))
            {
                var end = index
                while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                let after = end < characters.count ? characters[end] : " "
                if let number = Int(String(characters[index..<end])), number == nextReference,
                    after.isWhitespace || ",.;:)".contains(after)
                {
                    result += Self.marker(number)
                    nextReference += 1
                    index = end
                    continue
                }
                result += String(characters[index..<end])
                index = end
                continue
            }
            result.append(character)
            index += 1
        }
        return result
    }

    /// A reference in `pdftotext` output follows a letter or a closing mark directly.
    private static func gluedAfter(_ character: Character) -> Bool {
        (character.isLetter && character.isLowercase) || ".,;:”’\")".contains(character)
    }

    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
