/// A perpetrator unit, hacking group, employer abroad, dispatching company or other organisation.
public struct Organisation: RecordBody {
    public static let kind = RecordKind.organisation
    /// Shared between cases: seen wherever a case record refers to it.
    public static let placement = Placement.shared

    public enum OrganisationType: String, Codable, Sendable, CaseIterable {
        case stateAgency = "state-agency"
        case securityService = "security-service"
        case militaryUnit = "military-unit"
        case hackingGroup = "hacking-group"
        case employerAbroad = "employer-abroad"
        case dispatchingCompany = "dispatching-company"
        case detentionFacility = "detention-facility"
        case nonGovernmental = "non-governmental"
        case intergovernmental
        case other
    }

    public var name: String
    /// Other forms of the name, in any script.
    @DefaultEmpty public var names: [NameForm]
    public var type: OrganisationType
    public var country: String?
    /// The organisation it belongs to (a bureau within a ministry).
    public var parentID: RecordID?
    public var description: String?
    @DefaultEmpty public var sourceIDs: [RecordID]

    public init(
        name: String, names: [NameForm] = [], type: OrganisationType, country: String? = nil,
        parentID: RecordID? = nil, description: String? = nil, sourceIDs: [RecordID] = []
    ) {
        self.name = name
        self.names = names
        self.type = type
        self.country = country
        self.parentID = parentID
        self.description = description
        self.sourceIDs = sourceIDs
    }

    public var title: String { name }

    public func check(into checker: inout Checker) {
        checker.text(name, at: "/name", required: true, maxLength: 500)
        checker.count(names, at: "/names", max: 100)
        for (index, form) in names.enumerated() { form.check(at: "/names/\(index)", into: &checker) }
        checker.country(country, at: "/country")
        checker.text(description, at: "/description", maxLength: 100_000)
    }

    public var references: [RecordReference] {
        (parentID.map { [RecordReference(path: "/parentID", kinds: [.organisation], id: $0)] } ?? [])
            + sourceIDs.references("/sourceIDs", [.source])
            // The source that gave a form of the name, as a person's name forms declare theirs.
            + names.enumerated().compactMap { index, name in
                name.sourceID.map { RecordReference(path: "/names/\(index)/sourceID", kinds: [.source], id: $0) }
            }
    }

    public var vocabularyUses: [VocabularyUse] { [] }

    public var searchText: [String] { [name, description ?? ""] + names.map(\.full) }

    public var facets: [Facet] { (country.map { [Facet(.country, $0)] } ?? []) + [Facet(.kind, type.rawValue)] }
}
