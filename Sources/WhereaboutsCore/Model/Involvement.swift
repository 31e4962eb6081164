/// A perpetrator's (a person's or an organisation's) part in an act.
public struct Involvement: RecordBody {
    public static let kind = RecordKind.involvement
    /// Notes on a perpetrator's part can name witnesses and victims.
    public static let identityFields: Set<String> = ["note"]

    /// How firmly the act is attributed to the perpetrator.
    public enum Attribution: String, Codable, Sendable, CaseIterable {
        case confirmed, probable, possible, alleged, unknown
    }

    public var actID: RecordID
    public var perpetratorPersonID: RecordID?
    public var perpetratorOrganisationID: RecordID?
    /// Code in `degrees-of-involvement`.
    public var degree: String?
    public var attribution: Attribution
    public var note: String?
    @DefaultEmpty public var sourceIDs: [RecordID]

    public init(
        actID: RecordID, perpetratorPersonID: RecordID? = nil, perpetratorOrganisationID: RecordID? = nil,
        degree: String? = nil, attribution: Attribution = .unknown, note: String? = nil, sourceIDs: [RecordID] = []
    ) {
        self.actID = actID
        self.perpetratorPersonID = perpetratorPersonID
        self.perpetratorOrganisationID = perpetratorOrganisationID
        self.degree = degree
        self.attribution = attribution
        self.note = note
        self.sourceIDs = sourceIDs
    }

    public var title: String { degree ?? attribution.rawValue }

    public func check(into checker: inout Checker) {
        if (perpetratorPersonID == nil) == (perpetratorOrganisationID == nil) {
            checker.fail("/perpetratorPersonID", "name exactly one perpetrator: a person or an organisation")
        }
        checker.text(note, at: "/note", maxLength: 10_000)
    }

    public var references: [RecordReference] {
        var references = [RecordReference(path: "/actID", kinds: [.act], id: actID, rollsUp: true, role: .parent)]
        if let perpetratorPersonID {
            references.append(RecordReference(path: "/perpetratorPersonID", kinds: [.person], id: perpetratorPersonID))
        }
        if let perpetratorOrganisationID {
            references.append(
                RecordReference(
                    path: "/perpetratorOrganisationID", kinds: [.organisation], id: perpetratorOrganisationID))
        }
        return references + sourceIDs.references("/sourceIDs", [.source])
    }

    public var vocabularyUses: [VocabularyUse] {
        degree.map { [VocabularyUse(path: "/degree", scheme: .degreesOfInvolvement, code: $0)] } ?? []
    }

    public var searchText: [String] { [] }

    public var identityText: [String] { note.map { [$0] } ?? [] }

    public var facets: [Facet] {
        perpetratorOrganisationID.map { [Facet(.organisation, $0.description)] } ?? []
    }
}
