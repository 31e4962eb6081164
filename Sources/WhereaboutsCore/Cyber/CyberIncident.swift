/// An attack on the computers, accounts or data of escapees, their families or those who help them
/// (issue 20): a phishing e-mail, a trojanised app, a breached service. A case record: it may hang
/// from an event (the wider pattern) and is otherwise placed where it was written. The lures it was
/// carried by are evidence items on it; its indicators are ``Indicator`` records joined to it by
/// ``Sighting`` records.
public struct CyberIncident: RecordBody {
    public static let kind = RecordKind.cyberIncident
    public static let carriesEvidence = true
    /// Lures and their attachments are kept, hashed and downloadable, never previewed.
    public static let evidenceIsHostile = true
    /// The narrative, how family was pressed and the lures (addressees, subjects) name people.
    public static let identityFields: Set<String> = ["description", "leverageDetail", "lures"]

    /// Who was targeted, in MISP's `victim` object's terms: what they are and their sectors.
    public struct Target: Codable, Sendable, Hashable {
        public enum Classification: String, Codable, Sendable, CaseIterable {
            case escapee
            case ngo
            case familyMember = "family-member"
            case journalist
            case humanRightsDefender = "human-rights-defender"
            case researcher
            case government
            case other
        }
        public var classification: Classification
        /// MISP sector names (`dissident`, `civil society`, `non profit`, `journalist`…).
        @DefaultEmpty public var sectors: [String]

        public init(classification: Classification, sectors: [String] = []) {
            self.classification = classification
            self.sectors = sectors
        }
    }

    /// How the attack arrived.
    public enum Vector: String, Codable, Sendable, CaseIterable {
        case spearPhishingEmail = "spear-phishing-email"
        case message
        case trojanisedApp = "trojanised-app"
        case accountTakeover = "account-takeover"
        case serviceBreach = "service-breach"
        case other
    }

    /// Categories of personal data an attack exposed.
    public enum DataCategory: String, Codable, Sendable, CaseIterable {
        case identity, contacts, location, family, communications, credentials, documents, financial, health, other
    }

    /// What was exposed: which categories of data and how many people's.
    public struct Exposure: Codable, Sendable, Hashable {
        @DefaultEmpty public var categories: [DataCategory]
        public var persons: Int?

        public init(categories: [DataCategory] = [], persons: Int? = nil) {
            self.categories = categories
            self.persons = persons
        }
    }

    /// Who is believed to be behind it, how surely, and the intrusion set (MITRE ATT&CK group id
    /// or a name like `Kimsuky`) when it is a known one.
    public struct Attribution: Codable, Sendable, Hashable {
        public enum Confidence: String, Codable, Sendable, CaseIterable {
            case low, medium, high
            /// The STIX 2.1 confidence value (the "Low/Med/High" scale of its appendix).
            public var stixValue: Int {
                switch self {
                case .low: return 15
                case .medium: return 50
                case .high: return 85
                }
            }
        }
        public var actor: String?
        public var confidence: Confidence
        public var intrusionSet: String?

        public init(actor: String? = nil, confidence: Confidence, intrusionSet: String? = nil) {
            self.actor = actor
            self.confidence = confidence
            self.intrusionSet = intrusionSet
        }
    }

    public var eventID: RecordID?
    public var vector: Vector
    public var target: Target
    public var date: FuzzyDate?
    @DefaultEmpty public var targetPersonIDs: [RecordID]
    @DefaultEmpty public var targetOrganisationIDs: [RecordID]
    public var exposure: Exposure?
    /// Whether what was taken was used to press the target's family.
    public var leverageOnFamily: Bool?
    public var leverageDetail: String?
    public var attribution: Attribution?
    public var description: String?
    @DefaultEmpty public var lures: [Lure]

    public init(
        eventID: RecordID? = nil, vector: Vector, target: Target, date: FuzzyDate? = nil,
        targetPersonIDs: [RecordID] = [], targetOrganisationIDs: [RecordID] = [], exposure: Exposure? = nil,
        leverageOnFamily: Bool? = nil, leverageDetail: String? = nil, attribution: Attribution? = nil,
        description: String? = nil, lures: [Lure] = []
    ) {
        self.eventID = eventID
        self.vector = vector
        self.target = target
        self.date = date
        self.targetPersonIDs = targetPersonIDs
        self.targetOrganisationIDs = targetOrganisationIDs
        self.exposure = exposure
        self.leverageOnFamily = leverageOnFamily
        self.leverageDetail = leverageDetail
        self.attribution = attribution
        self.description = description
        self.lures = lures
    }

    /// The vector and the target's classification: never a name.
    public var title: String { "\(vector.rawValue) · \(target.classification.rawValue)" }

    /// MISP's sector names (its `sector` galaxy, the ones civil society reports use).
    public static let sectors: Set<String> = [
        "dissident", "civil society", "non profit", "journalist", "human rights", "activists", "academia",
        "think tanks", "government, administration", "defense", "diplomacy", "religion", "education",
        "health", "financial", "telecoms", "media", "other",
    ]

    public func check(into checker: inout Checker) {
        checker.count(target.sectors, at: "/target/sectors", max: 20)
        for (index, sector) in target.sectors.enumerated() where !Self.sectors.contains(sector) {
            checker.fail("/target/sectors/\(index)", "is not a MISP sector name")
        }
        checker.count(targetPersonIDs, at: "/targetPersonIDs", max: 1_000)
        checker.count(targetOrganisationIDs, at: "/targetOrganisationIDs", max: 100)
        if let exposure {
            checker.count(exposure.categories, at: "/exposure/categories", max: DataCategory.allCases.count)
            if let persons = exposure.persons, !(0...100_000_000).contains(persons) {
                checker.fail("/exposure/persons", "must be between 0 and 100000000")
            }
        }
        checker.text(leverageDetail, at: "/leverageDetail", maxLength: 10_000)
        if let attribution {
            checker.text(attribution.actor, at: "/attribution/actor", maxLength: 200)
            checker.text(attribution.intrusionSet, at: "/attribution/intrusionSet", maxLength: 200)
        }
        checker.text(description, at: "/description", maxLength: 100_000)
        checker.count(lures, at: "/lures", max: 500)
        for (index, lure) in lures.enumerated() { lure.check(at: "/lures/\(index)", into: &checker) }
    }

    public var references: [RecordReference] {
        var references: [RecordReference] = []
        if let eventID {
            references.append(RecordReference(path: "/eventID", kinds: [.event], id: eventID, role: .parent))
        }
        return references + targetPersonIDs.references("/targetPersonIDs", [.person])
            + targetOrganisationIDs.references("/targetOrganisationIDs", [.organisation])
    }

    public var vocabularyUses: [VocabularyUse] { [] }

    public var searchText: [String] {
        [vector.rawValue, target.classification.rawValue, attribution?.actor ?? "", attribution?.intrusionSet ?? ""]
    }

    /// The narrative, the pressure on the family, and each lure's subject and addressees: found by their
    /// words through the blind index only.
    public var identityText: [String] {
        [description, leverageDetail].compactMap { $0 } + lures.flatMap { [$0.subject ?? ""] + $0.to }
    }

    public var period: FuzzyDate? { date }
}
