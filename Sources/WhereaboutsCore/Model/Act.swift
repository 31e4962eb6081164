/// One violation against one victim within an event.
public struct Act: RecordBody {
    public static let kind = RecordKind.act
    public static let carriesEvidence = true
    /// What happened to the victim and the pressure put on their family name people and places.
    public static let identityFields: Set<String> = ["description", "leverageOnFamily"]

    /// What a host state (where the victim was when it happened) did.
    public enum HostStateRole: String, Codable, Sendable, CaseIterable {
        case arrest
        case forcedReturn = "forced-return"
        case inaction
        case complicity
        case protection
        case none
        case unknown
    }

    public var eventID: RecordID
    public var victimID: RecordID
    /// Code in `violation-types`.
    public var type: String
    public var date: FuzzyDate?
    /// Where it took place; its `country` is the state where the act took place.
    public var place: Place?
    /// The state whose agents committed the act.
    public var perpetratorState: String?
    /// The third state involved (where a worker was posted, where an escapee was arrested).
    public var hostState: String?
    public var hostStateRole: HostStateRole?
    /// How family members left behind were used as leverage (threats, punishment, hostage-taking).
    public var leverageOnFamily: String?
    /// HURIDOCS status of the victim at the time, code in `victim-status`.
    public var victimStatus: String?
    public var description: String?
    @DefaultEmpty public var sourceIDs: [RecordID]

    public init(
        eventID: RecordID, victimID: RecordID, type: String, date: FuzzyDate? = nil, place: Place? = nil,
        perpetratorState: String? = nil, hostState: String? = nil, hostStateRole: HostStateRole? = nil,
        leverageOnFamily: String? = nil, victimStatus: String? = nil, description: String? = nil,
        sourceIDs: [RecordID] = []
    ) {
        self.eventID = eventID
        self.victimID = victimID
        self.type = type
        self.date = date
        self.place = place
        self.perpetratorState = perpetratorState
        self.hostState = hostState
        self.hostStateRole = hostStateRole
        self.leverageOnFamily = leverageOnFamily
        self.victimStatus = victimStatus
        self.description = description
        self.sourceIDs = sourceIDs
    }

    public var title: String { type }

    public func check(into checker: inout Checker) {
        checker.text(type, at: "/type", required: true, maxLength: 100)
        place?.check(at: "/place", into: &checker)
        checker.country(perpetratorState, at: "/perpetratorState")
        checker.country(hostState, at: "/hostState")
        if hostStateRole != nil, hostState == nil, hostStateRole != HostStateRole.none {
            checker.fail("/hostState", "is required when a host-state role is given")
        }
        checker.text(leverageOnFamily, at: "/leverageOnFamily", maxLength: 10_000)
        checker.text(description, at: "/description", maxLength: 100_000)
        checker.count(sourceIDs, at: "/sourceIDs", max: 500)
    }

    public var references: [RecordReference] {
        [
            RecordReference(path: "/eventID", kinds: [.event], id: eventID, rollsUp: true, role: .parent),
            RecordReference(path: "/victimID", kinds: [.person], id: victimID, rollsUp: true),
        ] + sourceIDs.references("/sourceIDs", [.source])
    }

    public var vocabularyUses: [VocabularyUse] {
        var uses = [VocabularyUse(path: "/type", scheme: .violationTypes, code: type, facet: .violationType)]
        if let victimStatus {
            uses.append(VocabularyUse(path: "/victimStatus", scheme: .victimStatus, code: victimStatus))
        }
        return uses
    }

    public var searchText: [String] { [place?.locality ?? ""] }

    /// The description and the leverage on the family: found by their words through the blind index only.
    public var identityText: [String] { [description, leverageOnFamily].compactMap { $0 } }

    public var facets: [Facet] {
        [place?.country, perpetratorState, hostState].compactMap { $0 }.map { Facet(.country, $0) }
    }

    public var period: FuzzyDate? { date }
}
