/// What happened: an abduction in Niigata in 1977, a phishing campaign in 2024.
public struct Event: RecordBody {
    public static let kind = RecordKind.event
    public static let carriesEvidence = true

    public var title: String
    public var description: String?
    /// When it happened, as stated.
    public var date: FuzzyDate?
    @DefaultEmpty public var places: [Place]
    /// HURIDOCS violation status (confirmed, likely, possible, …), code in `violation-status`.
    public var violationStatus: String?
    /// States whose agents are believed responsible (ISO 3166-1 alpha-2).
    @DefaultEmpty public var perpetratorStates: [String]
    @DefaultEmpty public var sourceIDs: [RecordID]

    public init(
        title: String, description: String? = nil, date: FuzzyDate? = nil, places: [Place] = [],
        violationStatus: String? = nil, perpetratorStates: [String] = [], sourceIDs: [RecordID] = []
    ) {
        self.title = title
        self.description = description
        self.date = date
        self.places = places
        self.violationStatus = violationStatus
        self.perpetratorStates = perpetratorStates
        self.sourceIDs = sourceIDs
    }

    public func check(into checker: inout Checker) {
        checker.text(title, at: "/title", required: true, maxLength: 500)
        checker.text(description, at: "/description", maxLength: 100_000)
        checker.count(places, at: "/places", max: 50)
        for (index, place) in places.enumerated() { place.check(at: "/places/\(index)", into: &checker) }
        checker.countries(perpetratorStates, at: "/perpetratorStates")
        checker.count(sourceIDs, at: "/sourceIDs", max: 500)
    }

    public var references: [RecordReference] { sourceIDs.references("/sourceIDs", [.source]) }

    public var vocabularyUses: [VocabularyUse] {
        violationStatus.map { [VocabularyUse(path: "/violationStatus", scheme: .violationStatus, code: $0)] } ?? []
    }

    public var searchText: [String] { [title, description ?? ""] + places.compactMap(\.locality) }

    public var facets: [Facet] {
        (places.compactMap(\.country) + perpetratorStates).map { Facet(.country, $0) }
    }

    public var period: FuzzyDate? { date }
}
