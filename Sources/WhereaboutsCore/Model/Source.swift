/// Where facts come from: a testimony, a document, a UN document paragraph, a media report, a list.
public struct Source: RecordBody {
    public static let kind = RecordKind.source
    public static let carriesEvidence = true
    /// Shared between cases: seen wherever a case record refers to it.
    public static let placement = Placement.shared
    /// The text, the title (a testimony's title names who gave it), who gave it and what they agreed
    /// (the consent's note) identify the giver and the people it names.
    public static let identityFields: Set<String> = ["text", "title", "givenByID", "consent"]

    /// The title is a summary that identifies; the date the source was given does not.
    public static var summaryIdentifies: Bool { true }
    public static var periodIdentifies: Bool { false }

    public enum SourceType: String, Codable, Sendable, CaseIterable {
        case testimony
        case document
        case unDocumentParagraph = "un-document-paragraph"
        case mediaReport = "media-report"
        case governmentList = "government-list"
        case other
    }

    public var type: SourceType
    @DefaultEmpty public var title: String
    /// The testimony or the excerpt, in any language.
    public var text: String?
    /// The person who gave the testimony or information.
    public var givenByID: RecordID?
    /// When it was given or published.
    public var date: FuzzyDate?
    /// Code in `reliability`.
    public var reliability: String?
    public var language: String?
    /// UN document symbol (`A/80/XXX`) and paragraph, for UN sources.
    public var documentSymbol: String?
    public var paragraph: String?
    public var url: String?
    /// What the giver agreed to; see ``allows(_:)`` for sources without one.
    public var consent: Consent?

    public init(
        type: SourceType, title: String, text: String? = nil, givenByID: RecordID? = nil, date: FuzzyDate? = nil,
        reliability: String? = nil, language: String? = nil, documentSymbol: String? = nil,
        paragraph: String? = nil, url: String? = nil, consent: Consent? = nil
    ) {
        self.type = type
        self.title = title
        self.text = text
        self.givenByID = givenByID
        self.date = date
        self.reliability = reliability
        self.language = language
        self.documentSymbol = documentSymbol
        self.paragraph = paragraph
        self.url = url
        self.consent = consent
    }

    public func check(into checker: inout Checker) {
        checker.text(title, at: "/title", required: true, maxLength: 1_000)
        checker.text(text, at: "/text", maxLength: 1_000_000)
        checker.text(language, at: "/language", maxLength: 35)
        checker.text(documentSymbol, at: "/documentSymbol", maxLength: 100)
        checker.text(paragraph, at: "/paragraph", maxLength: 50)
        checker.text(url, at: "/url", maxLength: 2_000)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            checker.fail("/url", "must be an http or https address")
        }
        consent?.check(at: "/consent", into: &checker)
        if type == .unDocumentParagraph, documentSymbol == nil {
            checker.fail("/documentSymbol", "is required for a UN document paragraph")
        }
    }

    public var references: [RecordReference] {
        givenByID.map { [RecordReference(path: "/givenByID", kinds: [.person], id: $0)] } ?? []
    }

    public var vocabularyUses: [VocabularyUse] {
        reliability.map { [VocabularyUse(path: "/reliability", scheme: .reliability, code: $0)] } ?? []
    }

    /// The document symbol; the title and the text may identify people and are found through the blind index.
    public var searchText: [String] { [documentSymbol ?? ""] }

    /// The text, unless consent to keep it for internal documentation is missing or withdrawn.
    public var identityText: [String] {
        [title] + (allows(.internalDocumentation) ? text.map { [$0] } ?? [] : [])
    }

    /// The type, every use the material may be put to, and `withdrawn` when consent was withdrawn.
    public var facets: [Facet] {
        [Facet(.kind, type.rawValue)] + Consent.Scope.allCases.filter(allows).map { Facet(.consent, $0.rawValue) }
            + (consent?.withdrawnOn != nil ? [Facet(.consent, "withdrawn")] : [])
    }

    public var period: FuzzyDate? { date }
}
