/// An action taken: a communication to a UN mandate, a court case, a tracing request.
public struct Intervention: RecordBody {
    public static let kind = RecordKind.intervention
    /// What was said to the recipient and what they answered name the people concerned.
    public static let identityFields: Set<String> = ["description", "response"]

    /// Code in `intervention-types`.
    public var type: String
    public var title: String
    public var date: FuzzyDate?
    public var byPersonID: RecordID?
    public var byOrganisationID: RecordID?
    /// Who it was addressed to (a UN working group, a court, a government).
    public var recipient: String?
    /// Code in `intervention-status`.
    public var status: String?
    public var description: String?
    public var response: String?
    @DefaultEmpty public var eventIDs: [RecordID]
    @DefaultEmpty public var personIDs: [RecordID]

    public init(
        type: String, title: String, date: FuzzyDate? = nil, byPersonID: RecordID? = nil,
        byOrganisationID: RecordID? = nil, recipient: String? = nil, status: String? = nil,
        description: String? = nil, response: String? = nil, eventIDs: [RecordID] = [], personIDs: [RecordID] = []
    ) {
        self.type = type
        self.title = title
        self.date = date
        self.byPersonID = byPersonID
        self.byOrganisationID = byOrganisationID
        self.recipient = recipient
        self.status = status
        self.description = description
        self.response = response
        self.eventIDs = eventIDs
        self.personIDs = personIDs
    }

    public func check(into checker: inout Checker) {
        checker.text(title, at: "/title", required: true, maxLength: 1_000)
        checker.text(recipient, at: "/recipient", maxLength: 500)
        checker.text(description, at: "/description", maxLength: 100_000)
        checker.text(response, at: "/response", maxLength: 100_000)
        checker.count(eventIDs, at: "/eventIDs", max: 1_000)
        checker.count(personIDs, at: "/personIDs", max: 1_000)
    }

    public var references: [RecordReference] {
        var references =
            eventIDs.references("/eventIDs", [.event], role: .parent) + personIDs.references("/personIDs", [.person])
        if let byPersonID { references.append(RecordReference(path: "/byPersonID", kinds: [.person], id: byPersonID)) }
        if let byOrganisationID {
            references.append(RecordReference(path: "/byOrganisationID", kinds: [.organisation], id: byOrganisationID))
        }
        return references
    }

    public var vocabularyUses: [VocabularyUse] {
        var uses = [VocabularyUse(path: "/type", scheme: .interventionTypes, code: type)]
        if let status { uses.append(VocabularyUse(path: "/status", scheme: .interventionStatus, code: status)) }
        return uses
    }

    public var searchText: [String] { [title, recipient ?? ""] }

    public var identityText: [String] { [description, response].compactMap { $0 } }

    public var period: FuzzyDate? { date }
}
