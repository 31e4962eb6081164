import Foundation

/// The recommendations a document makes. In a UPR working-group report they are the numbered items
/// of the paragraphs that announce them, each ending with the recommending States in parentheses,
/// and the announcing sentence gives the position of the State under review (`enjoy the support
/// of`, `will be examined by`, `did not enjoy the support of`, `noted`). In other reports they are the
/// lettered items of a paragraph that recommends (`The Special Rapporteur recommends that the
/// Government …:`), or such a paragraph itself when it has no items.
enum UNRecommendationReader {
    static func recommendations(in document: UNDocument, listItems: [(parent: Int, number: Int, text: String)])
        -> [UNRecommendation]
    {
        switch document.kind {
        case .uprWorkingGroupReport:
            return listItems.map { item in
                let intro = document.paragraph(item.parent)?.text ?? ""
                let (position, words) = position(of: intro)
                let (text, states) = recommendingStates(item.text)
                return UNRecommendation(
                    number: "\(item.parent).\(item.number)", paragraph: item.parent, text: text,
                    addressee: document.stateUnderReview, recommendingStates: states, position: position,
                    positionText: words)
            }
        case .report:
            return document.paragraphs.flatMap { paragraph -> [UNRecommendation] in
                guard let addressee = addressee(paragraph.lead) else { return [] }
                if paragraph.subparagraphs.isEmpty {
                    guard paragraph.headings.contains(where: { $0.localizedCaseInsensitiveContains("recommendation") })
                    else { return [] }
                    return [
                        UNRecommendation(
                            number: "\(paragraph.number)", paragraph: paragraph.number, text: paragraph.text,
                            addressee: addressee, recommendingStates: [], position: .unclear, positionText: nil)
                    ]
                }
                return paragraph.subparagraphs.map { item in
                    UNRecommendation(
                        number: "\(paragraph.number)(\(item.label))", paragraph: paragraph.number, text: item.text,
                        addressee: addressee, recommendingStates: [], position: .unclear, positionText: nil)
                }
            }
        }
    }

    /// Who a recommending sentence addresses: `recommends that the Government of X:` → `the Government of X`.
    static func addressee(_ intro: String) -> String? {
        // Treaty bodies write "The State party should:" or "…, the State party should take…".
        if let should = intro.range(
            of: #"(?:^|[.;:]\s+|,\s+)(?:the\s+)?(State party|Government|authorities)\s+should\b"#,
            options: [.regularExpression, .caseInsensitive])
        {
            let words = intro[should].replacingOccurrences(
                of: #"^[.;:,]?\s*(?i:the\s+)?|\s+should$"#, with: "", options: .regularExpression)
            return "the " + words
        }
        let pattern =
            #"(?:recommends?|urges?|calls upon|calls on|encourages?)\s+(?:that\s+)?(?:to\s+)?(.{3,160}?)(?:\s*:\s*$|\s*:\s|\s+(?:to|should|shall|take|adopt|ensure|consider)\s)"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: intro, range: NSRange(intro.startIndex..., in: intro)),
            let range = Range(match.range(at: 1), in: intro)
        else { return nil }
        return String(intro[range]).trimmingCharacters(in: .whitespaces)
    }

    /// The position the announcing sentence states, with the words it was read from.
    static func position(of intro: String) -> (UNPosition, String?) {
        let rules: [(String, UNPosition)] = [
            (#"(?:did|do|does) not enjoy (?:the|its) support|not (?:been )?accepted"#, .noted),
            (#"(?:will be|to be|shall be) examined|will provide responses|in due time"#, .pending),
            (#"partially (?:supported|accepted)|enjoy(?:ed|s)? (?:the )?partial support"#, .partiallySupported),
            (#"(?:have|has) been rejected|were rejected|rejects?"#, .rejected),
            (#"(?:were|have been|has been|was|are) noted|will be noted|noted by"#, .noted),
            (
                #"enjoy(?:ed|s)? (?:the|its) support|(?:have|has) been accepted|were accepted|accepts?|supported by"#,
                .supported
            ),
        ]
        for (pattern, position) in rules {
            if let range = intro.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
                return (position, String(intro[range]))
            }
        }
        return (.unclear, nil)
    }

    /// A UPR recommendation's text without the trailing `(State);` and the States it names.
    static func recommendingStates(_ item: String) -> (String, [String]) {
        var text = item.trimmingCharacters(in: .whitespaces)
        for tail in [";", " and", " or", ";", "."] where text.hasSuffix(tail) {
            text.removeLast(tail.count)
            text = text.trimmingCharacters(in: .whitespaces)
        }
        guard text.hasSuffix(")") else { return (item, []) }
        // The balanced parenthesis at the end: `(Iran (Islamic Republic of))`.
        var depth = 0
        var open: String.Index?
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            if text[index] == ")" { depth += 1 }
            if text[index] == "(" {
                depth -= 1
                if depth == 0 {
                    open = index
                    break
                }
            }
        }
        guard let open else { return (item, []) }
        let inside = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        let states =
            UNMemberStates.names(in: inside)
            ?? inside.components(separatedBy: CharacterSet(charactersIn: ",;")).flatMap {
                $0.components(separatedBy: " and ")
            }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !states.isEmpty else { return (item, []) }
        let body = text[..<open].trimmingCharacters(in: .whitespaces)
        return (body, states)
    }
}
