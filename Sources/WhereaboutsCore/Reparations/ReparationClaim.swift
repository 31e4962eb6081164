/// A claim for reparation: a claimant (the direct victim, or a relative of theirs) claims for harms,
/// each harm linked to the acts that caused it (issue 19, decision 0032).
///
/// The claimant and the direct victim are person records, so their identities are sealed as every
/// person's are; the claim names them and hangs from the acts, so it is seen where those acts are.
public struct ReparationClaim: RecordBody {
    public static let kind = RecordKind.claim
    /// What the claimant said of their loss names them and their family.
    public static let identityFields: Set<String> = ["statement"]

    /// The claimant's relationship to the direct victim; `self` makes the claimant a direct victim,
    /// every other an indirect one (the relatives of a disappeared person are victims too).
    public enum Relationship: String, Codable, Sendable, CaseIterable {
        case `self`
        case spouse, child, parent, sibling, grandchild, grandparent
        case otherRelative = "other-relative"
        case dependant
    }

    /// What the claimant lost, after the harms the Basic Principles name (A/RES/60/147, para. 20).
    public enum HarmType: String, Codable, Sendable, CaseIterable {
        case disappearance, death, detention, torture
        case familySeparation = "family-separation"
        case physicalHarm = "physical-harm"
        case mentalHarm = "mental-harm"
        case lostEarnings = "lost-earnings"
        case property
        case legalStatus = "legal-status"
        case other
    }

    /// One harm and the acts that caused it.
    public struct Harm: Codable, Hashable, Sendable {
        public var type: HarmType
        @DefaultEmpty public var actIDs: [RecordID]

        public init(type: HarmType, actIDs: [RecordID]) {
            self.type = type
            self.actIDs = actIDs
        }
    }

    /// What the claimant agreed may be done with the claim, and the recipients they named (a
    /// programme, a UN mechanism). The scopes are what exports enforce (``ConsentFilter``).
    public struct ClaimConsent: Codable, Hashable, Sendable {
        public var consent: Consent
        @DefaultEmpty public var sharedWith: [String]

        public init(consent: Consent, sharedWith: [String] = []) {
            self.consent = consent
            self.sharedWith = sharedWith
        }
    }

    public var claimantID: RecordID
    public var directVictimID: RecordID
    public var relationship: Relationship
    @DefaultEmpty public var harms: [Harm]
    /// The programme or body the claim was made to, as it is to be cited.
    public var programme: String?
    public var filedOn: FuzzyDate?
    public var consent: ClaimConsent?
    public var statement: String?

    public init(
        claimantID: RecordID, directVictimID: RecordID, relationship: Relationship, harms: [Harm],
        programme: String? = nil, filedOn: FuzzyDate? = nil, consent: ClaimConsent? = nil, statement: String? = nil
    ) {
        self.claimantID = claimantID
        self.directVictimID = directVictimID
        self.relationship = relationship
        self.harms = harms
        self.programme = programme
        self.filedOn = filedOn
        self.consent = consent
        self.statement = statement
    }

    /// Whether the claimant is the direct victim (else an indirect one, counted apart).
    public var isDirect: Bool { relationship == .self }

    /// Every act the harms rest on, each once, in the order first named.
    public var actIDs: [RecordID] {
        var seen = Set<RecordID>()
        return harms.flatMap(\.actIDs).filter { seen.insert($0).inserted }
    }

    /// Never a name: the kind of claimant and the harms claimed for.
    public var title: String {
        "\(isDirect ? "direct" : "indirect") claim: " + harms.map(\.type.rawValue).joined(separator: ", ")
    }

    public func check(into checker: inout Checker) {
        checker.count(harms, at: "/harms", max: 100)
        if harms.isEmpty { checker.fail("/harms", "names at least one harm") }
        for (index, harm) in harms.enumerated() {
            checker.count(harm.actIDs, at: "/harms/\(index)/actIDs", max: 100)
        }
        if isDirect, claimantID != directVictimID {
            checker.fail("/relationship", "is self only when the claimant is the direct victim")
        }
        if !isDirect, claimantID == directVictimID {
            checker.fail("/claimantID", "a relative is another person than the direct victim")
        }
        checker.text(programme, at: "/programme", maxLength: 500)
        checker.text(statement, at: "/statement", maxLength: 100_000)
        if let consent {
            consent.consent.check(at: "/consent/consent", into: &checker)
            checker.count(consent.sharedWith, at: "/consent/sharedWith", max: 50)
            for (index, recipient) in consent.sharedWith.enumerated() {
                checker.text(recipient, at: "/consent/sharedWith/\(index)", required: true, maxLength: 300)
            }
        }
    }

    /// The claim hangs from the acts it rests on (in the compartments of any of them) and names
    /// the claimant and the direct victim.
    public var references: [RecordReference] {
        var references = [
            RecordReference(path: "/claimantID", kinds: [.person], id: claimantID),
            RecordReference(path: "/directVictimID", kinds: [.person], id: directVictimID),
        ]
        for (index, harm) in harms.enumerated() {
            references += harm.actIDs.references("/harms/\(index)/actIDs", [.act], role: .parent)
        }
        return references
    }

    public var vocabularyUses: [VocabularyUse] { [] }

    public var searchText: [String] { [programme ?? ""] }

    public var identityText: [String] { statement.map { [$0] } ?? [] }

    public var period: FuzzyDate? { filedOn }

    /// Whether the claimant's consent covers `scope`. Without a recorded consent a claim is used
    /// inside the organisation only, as testimony is.
    public func allows(_ scope: Consent.Scope) -> Bool {
        guard let consent else { return scope == .internalDocumentation }
        return consent.consent.allows(scope)
    }
}

extension ReparationClaim {
    /// A claim holds its claimant's consent: a claim withheld takes its decisions and measures along.
    public static var holdsConsent: Bool { true }
    public func consentAllows(_ scope: Consent.Scope) -> Bool { allows(scope) }
}
