import Foundation

/// Reads a UN document from its text (a text export, or what `pdftotext` gives for the PDF as the
/// UN publishes it) into paragraphs, sub-paragraphs, footnotes, headings, recommendations and
/// citations. Nothing in it is tuned to one document: the rules are those of the UN's editorial
/// style (numbered paragraphs, lettered sub-paragraphs, one footnote sequence, UPR recommendations
/// ending with the recommending States in parentheses).
public enum UNDocumentReader {
    public static func read(_ raw: String, symbol: UNSymbol) -> UNDocument {
        let notes = UNFootnoteReader(pages: UNDocumentText.pages(raw, symbol: symbol))
        let flow = notes.body.joined(separator: "\n")
        let reader = UNParagraphReader(flow)
        let front = String(flow[..<(reader.segments.first?.markerStart ?? flow.endIndex)])
        let frontText = UNFootnoteReader.normalised(front)
        let kind: UNDocument.Kind =
            frontText.range(of: "Working Group on the Universal Periodic Review", options: .caseInsensitive) != nil
            ? .uprWorkingGroupReport : .report
        var document = UNDocument(
            symbol: symbol, aliases: aliases(in: frontText, of: symbol), kind: kind,
            title: title(frontText, kind: kind),
            issued: issueDate(frontText),
            stateUnderReview: kind == .uprWorkingGroupReport ? stateUnderReview(frontText) : nil,
            paragraphs: [], footnotes: notes.footnotes, recommendations: [])

        var headings = UNHeadings.split(front).headings
        var open: [(level: Int, heading: String)] = []
        var path: [String] { open.map(\.heading) }
        func enter(_ found: [String]) {
            for heading in found {
                let level = UNHeadings.level(heading)
                open = open.filter { $0.level < level } + [(level, heading)]
            }
        }
        enter(headings)
        var items: [(parent: Int, number: Int, text: String)] = []
        for (index, segment) in reader.segments.enumerated() {
            let end = index + 1 < reader.segments.count ? reader.segments[index + 1].markerStart : flow.endIndex
            var raw = String(flow[segment.textStart..<end])
            if index + 1 == reader.segments.count { raw = beforeAnnex(raw) }
            let split = UNHeadings.split(raw)
            headings = split.headings
            let (text, references) = takeReferences(split.text)
            switch segment.kind {
            case .paragraph(let number):
                document.paragraphs.append(
                    UNParagraph(
                        number: number, text: text, subparagraphs: UNSubparagraphs.split(text), footnotes: references,
                        headings: path, citations: UNCitations.all(in: text)))
            case .item(let parent, let number):
                items.append((parent, number, text))
                if let last = document.paragraphs.indices.last {
                    document.paragraphs[last].footnotes += references
                }
            }
            enter(headings)
        }
        document.recommendations = UNRecommendationReader.recommendations(in: document, listItems: items)
        return document
    }

    /// The text and the footnote numbers its reference markers stand for, markers taken out.
    static func takeReferences(_ text: String) -> (String, [Int]) {
        let ns = text as NSString
        let matches = UNFootnoteReader.markerPattern.matches(in: text, range: NSRange(location: 0, length: ns.length))
        let numbers = matches.compactMap { Int(ns.substring(with: $0.range(at: 1))) }
        let plain = UNFootnoteReader.markerPattern.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: ns.length), withTemplate: "")
        return (plain, numbers)
    }

    /// The last paragraph's text up to an annex (`Annex`, `Annexes`, `Annex I` on its own).
    static func beforeAnnex(_ text: String) -> String {
        guard
            let annex = text.range(
                of: #"(?<=[.;:”"’)\]])\s+Annex(?:es|\s+[IVX]{1,4})?\s*(?:\n|\s(?=\p{Lu}))"#, options: .regularExpression
            )
        else { return text }
        return String(text[..<annex.lowerBound])
    }

    static func aliases(in front: String, of symbol: UNSymbol) -> [UNSymbol] {
        guard
            let sentence = front.range(
                of: #"[Pp]reviously issued (?:under|as)[^;.]{0,40}?(?:symbol\s+)?[A-Z][A-Za-z0-9./\- ]{2,60}"#,
                options: .regularExpression)
        else { return [] }
        return UNSymbol.all(in: String(front[sentence])).map(\.symbol).filter { $0 != symbol }
    }

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// `Distr.: General 4 January 2010` → `2010-01-04`.
    static func issueDate(_ front: String) -> String? {
        guard
            let match = front.range(
                of: #"Distr\.:\s*\p{L}+\s+[0-9]{1,2}\s+\p{L}+\s+[0-9]{4}"#, options: .regularExpression)
        else { return nil }
        let words = front[match].split(separator: " ").suffix(3)
        guard let day = Int(words.first!), let month = months.firstIndex(of: String(words.dropFirst().first!)),
            let year = Int(words.last!)
        else { return nil }
        return String(format: "%04d-%02d-%02d", year, month + 1, day)
    }

    static func title(_ front: String, kind: UNDocument.Kind) -> String? {
        let pattern =
            kind == .uprWorkingGroupReport
            ? #"Report of the Working Group on the Universal Periodic Review"#
            : #"(?:Situation of human rights in|Report of the|Concluding observations on)[^*\n]{3,200}?(?=\s+(?:Note by|Summary|\*|Contents|$))"#
        return front.range(of: pattern, options: .regularExpression).map { String(front[$0]) }
    }

    /// The State named right after "Report of the Working Group on the Universal Periodic Review".
    static func stateUnderReview(_ front: String) -> String? {
        guard let heading = front.range(of: "Working Group on the Universal Periodic Review") else { return nil }
        let words = front[heading.upperBound...].replacingOccurrences(of: "*", with: " ")
            .split(whereSeparator: \.isWhitespace).prefix(12).map(String.init)
        for length in stride(from: words.count, through: 1, by: -1) {
            if let name = UNMemberStates.name(of: words.prefix(length).joined(separator: " ")) { return name }
        }
        return nil
    }
}
