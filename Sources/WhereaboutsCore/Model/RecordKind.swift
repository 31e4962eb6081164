/// The kinds of record Whereabouts keeps, after the HURIDOCS Events Standard Formats.
public enum RecordKind: String, Codable, Sendable, CaseIterable {
    case event, act, person, organisation, involvement, source, information, intervention
    case eventLink = "event-link"
    case cyberIncident = "cyber-incident", indicator, sighting
    /// Reparations (decision 0032): claims, the rules claims are decided under, decisions, measures.
    case claim
    case eligibilityRules = "eligibility-rules"
    case reparationDecision = "reparation-decision"
    case reparationMeasure = "reparation-measure"

    /// The plural path segment used by the API (`/api/v1/events`) and the CLI.
    public var collection: String {
        switch self {
        case .event: return "events"
        case .act: return "acts"
        case .person: return "persons"
        case .organisation: return "organisations"
        case .involvement: return "involvements"
        case .source: return "sources"
        case .information: return "information"
        case .intervention: return "interventions"
        case .eventLink: return "event-links"
        case .cyberIncident: return "cyber-incidents"
        case .indicator: return "indicators"
        case .sighting: return "sightings"
        case .claim: return "claims"
        case .eligibilityRules: return "eligibility-rules"
        case .reparationDecision: return "reparation-decisions"
        case .reparationMeasure: return "reparation-measures"
        }
    }

    public init?(collection: String) {
        guard let kind = RecordKind.allCases.first(where: { $0.collection == collection }) else { return nil }
        self = kind
    }
}

/// A reference from one record's field to another record, which the store enforces with a foreign key.
public struct RecordReference: Hashable, Sendable {
    /// What a reference means for where the referring record may be seen (decision 0016).
    public enum Role: String, Hashable, Sendable {
        /// The record hangs from the one referred to (an act from its event): when that one is a case
        /// record, the referring record is in its compartments.
        case parent
        /// The record names the one referred to (an act its victim, an information its source): a
        /// shared record so named becomes visible where the referring record is; nothing else follows.
        case mention
    }

    /// JSON Pointer of the referring field.
    public let path: String
    /// The kinds the referenced record may be (empty: any kind).
    public let kinds: Set<RecordKind>
    public let id: RecordID
    /// Facets of the referring record roll up to the referenced one (an act's violation type counts
    /// for its event and its victim; an involvement's organisation counts for its act).
    public let rollsUp: Bool
    /// Whether the record hangs from the one referred to, or only names it.
    public let role: Role

    public init(path: String, kinds: Set<RecordKind>, id: RecordID, rollsUp: Bool = false, role: Role = .mention) {
        self.path = path
        self.kinds = kinds
        self.id = id
        self.rollsUp = rollsUp
        self.role = role
    }
}

/// A controlled-vocabulary code used by a field.
public struct VocabularyUse: Hashable, Sendable {
    public let path: String
    public let scheme: VocabularyScheme
    public let code: String
    /// Whether the code (and its broader terms) is a search facet of the record.
    public let facet: FacetName?

    public init(path: String, scheme: VocabularyScheme, code: String, facet: FacetName? = nil) {
        self.path = path
        self.scheme = scheme
        self.code = code
        self.facet = facet
    }
}

/// The names of the filters search offers.
public enum FacetName: String, Codable, Sendable, CaseIterable {
    case violationType = "violation-type"
    case country
    case fate
    case organisation
    case role
    case kind
    /// Uses a source's consent covers (and `withdrawn`).
    case consent
}

/// A value a record can be filtered by.
public struct Facet: Hashable, Sendable {
    public let name: FacetName
    public let value: String

    public init(_ name: FacetName, _ value: String) {
        self.name = name
        self.value = value
    }
}
