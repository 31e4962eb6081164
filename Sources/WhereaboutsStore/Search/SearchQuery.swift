import WhereaboutsCore

/// One search: free text over titles, descriptions, names and source text, and filters.
/// Several values of one filter match any of them; different filters must all match.
public struct SearchQuery: Sendable, Equatable {
    public var text: String
    public var kinds: [RecordKind]
    /// Codes in `violation-types`; a broader term matches its narrower ones.
    public var violationTypes: [String]
    public var countries: [String]
    public var fates: [FateEntry.Status]
    public var organisations: [RecordID]
    /// Records whose dates overlap `from`…`to`.
    public var from: Day?
    public var to: Day?
    public var cursor: String?
    public var limit: Int

    public init(
        text: String = "", kinds: [RecordKind] = [], violationTypes: [String] = [], countries: [String] = [],
        fates: [FateEntry.Status] = [], organisations: [RecordID] = [], from: Day? = nil, to: Day? = nil,
        cursor: String? = nil, limit: Int = 50
    ) {
        // Control characters (a NUL, a tab) separate words as spaces do; the full-text index must
        // never be handed one.
        self.text = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        self.kinds = kinds
        self.violationTypes = violationTypes
        self.countries = countries
        self.fates = fates
        self.organisations = organisations
        self.from = from
        self.to = to
        self.cursor = cursor
        self.limit = limit
    }

    /// The facet filters that have values, by facet.
    public var facetFilters: [(FacetName, [String])] {
        [
            (.violationType, violationTypes), (.country, countries), (.fate, fates.map(\.rawValue)),
            (.organisation, organisations.map(\.description)),
        ].filter { !$0.1.isEmpty }
    }
}

/// One search result.
public struct SearchHit: Codable, Sendable, Hashable {
    public let id: RecordID
    public let kind: RecordKind
    public let title: String
    public let version: Int
    public let dateFrom: String?
    public let dateTo: String?
    public let updatedAt: String
}
