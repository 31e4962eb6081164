import Foundation

/// A UN document read into its parts: the numbered paragraphs a citation points to, their
/// lettered sub-paragraphs, the footnotes, the headings they stand under, the recommendations it
/// makes, and the other UN documents it cites.
public struct UNDocument: Sendable, Hashable {
    /// The kinds of document whose structure the reader knows.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A report of the Working Group on the Universal Periodic Review: numbered recommendations
        /// made by States, grouped by the position the State under review took on them.
        case uprWorkingGroupReport = "upr-working-group-report"
        /// Any other report (a Special Rapporteur's, a commission's, a treaty body's concluding
        /// observations): recommendations are the lettered items of its recommending paragraphs.
        case report
    }

    public var symbol: UNSymbol
    /// Symbols the document was issued under before (`Previously issued under document symbol …`).
    public var aliases: [UNSymbol]
    public var kind: Kind
    public var title: String?
    /// The date of issue (`Distr.: General 4 January 2010`) as an ISO date, when printed.
    public var issued: String?
    /// The State under review, for a UPR report.
    public var stateUnderReview: String?
    public var paragraphs: [UNParagraph]
    public var footnotes: [UNFootnote]
    public var recommendations: [UNRecommendation]

    public init(
        symbol: UNSymbol, aliases: [UNSymbol] = [], kind: Kind, title: String? = nil, issued: String? = nil,
        stateUnderReview: String? = nil, paragraphs: [UNParagraph] = [], footnotes: [UNFootnote] = [],
        recommendations: [UNRecommendation] = []
    ) {
        self.symbol = symbol
        self.aliases = aliases
        self.kind = kind
        self.title = title
        self.issued = issued
        self.stateUnderReview = stateUnderReview
        self.paragraphs = paragraphs
        self.footnotes = footnotes
        self.recommendations = recommendations
    }

    /// The paragraph numbered `number`.
    public func paragraph(_ number: Int) -> UNParagraph? { paragraphs.first { $0.number == number } }
}

/// A numbered paragraph.
public struct UNParagraph: Sendable, Hashable, Codable {
    public var number: Int
    /// The paragraph's own text, without the items of a list of recommendations it introduces.
    public var text: String
    public var subparagraphs: [UNSubparagraph]
    /// The footnotes the paragraph refers to, by number.
    public var footnotes: [Int]
    /// The headings it stands under, outermost first (`II. Conclusions and/or recommendations`).
    public var headings: [String]
    /// Other UN documents it cites.
    public var citations: [UNCitation]

    /// The paragraph's words before its first lettered sub-paragraph (all of it when it has none).
    public var lead: String {
        guard !subparagraphs.isEmpty, let first = text.range(of: #"\(a\)\s"#, options: .regularExpression) else {
            return text
        }
        return String(text[..<first.lowerBound])
    }

    /// The stable citation of this paragraph in the document `symbol`.
    public func citation(in symbol: UNSymbol) -> String { "\(symbol), para. \(number)" }
}

/// A lettered sub-paragraph, `(a)`.
public struct UNSubparagraph: Sendable, Hashable, Codable {
    public var label: String
    public var text: String
}

/// A footnote.
public struct UNFootnote: Sendable, Hashable, Codable {
    public var number: Int
    public var text: String
    public var citations: [UNCitation]
}

/// A citation of another UN document, to the paragraphs when given (`S/2024/215, para. 129`).
public struct UNCitation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var symbol: UNSymbol
    /// The paragraphs as written after `para.`/`paras.` (`129`, `12–14`, `4 (a)`), or nil.
    public var paragraphs: String?

    public var description: String {
        guard let paragraphs else { return symbol.description }
        let plural = paragraphs.contains(where: { "–-,".contains($0) }) || paragraphs.contains(" and ")
        return "\(symbol), \(plural ? "paras." : "para.") \(paragraphs)"
    }
}

/// The position a report records on a recommendation.
public enum UNPosition: String, Sendable, Codable, CaseIterable {
    case supported
    case partiallySupported = "partially-supported"
    case noted
    case rejected
    case pending
    case unclear
}

/// A recommendation a document makes.
public struct UNRecommendation: Sendable, Hashable, Codable {
    /// As cited: `90.1`, `124.15`, `51(a)`, or `53` for a recommending paragraph without items.
    public var number: String
    /// The paragraph the recommendation belongs to.
    public var paragraph: Int
    public var text: String
    /// Who it is addressed to (the State under review; "the Government of …"; "the international community").
    public var addressee: String?
    /// The States that made it (UPR), by current English short names; empty for other reports.
    public var recommendingStates: [String]
    public var position: UNPosition
    /// The words the position was read from (`will be examined by DPRK`), when any.
    public var positionText: String?

    public init(
        number: String, paragraph: Int, text: String, addressee: String?, recommendingStates: [String],
        position: UNPosition, positionText: String?
    ) {
        self.number = number
        self.paragraph = paragraph
        self.text = text
        self.addressee = addressee
        self.recommendingStates = recommendingStates
        self.position = position
        self.positionText = positionText
    }
}
