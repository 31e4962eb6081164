extension RecordKind {
    /// The Swift type that holds a record of this kind.
    public var bodyType: any RecordBody.Type {
        switch self {
        case .event: return Event.self
        case .act: return Act.self
        case .person: return Person.self
        case .organisation: return Organisation.self
        case .involvement: return Involvement.self
        case .source: return Source.self
        case .information: return Information.self
        case .intervention: return Intervention.self
        case .eventLink: return EventLink.self
        case .cyberIncident: return CyberIncident.self
        case .indicator: return Indicator.self
        case .sighting: return Sighting.self
        case .claim: return ReparationClaim.self
        case .eligibilityRules: return EligibilityRules.self
        case .reparationDecision: return ReparationDecision.self
        case .reparationMeasure: return ReparationMeasure.self
        }
    }
}

extension RecordKind {
    /// The kinds whose records may carry evidence items, from each kind's declaration.
    public static var carryingEvidence: [RecordKind] { allCases.filter { $0.bodyType.carriesEvidence } }
}
