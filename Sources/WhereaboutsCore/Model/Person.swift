/// A victim, perpetrator, witness, source or intervener: one record, many roles.
public struct Person: RecordBody {
    public static let kind = RecordKind.person
    public static let carriesEvidence = true
    /// Shared between cases: seen wherever a case record refers to it.
    public static let placement = Placement.shared
    /// Names, birth date, place of origin, notes and the fate history (its notes and places locate
    /// the person) identify the person and are kept apart to be sealed.
    public static let identityFields: Set<String> = ["names", "birthDate", "origin", "notes", "fate"]

    public enum Sex: String, Codable, Sendable, CaseIterable {
        case female, male, other, unknown
    }

    public enum Role: String, Codable, Sendable, CaseIterable {
        case victim, perpetrator, witness, source, intervener
        case familyMember = "family-member"
    }

    @DefaultEmpty public var names: [NameForm]
    public var sex: Sex?
    public var birthDate: FuzzyDate?
    /// Where the person was born or comes from (a province, a town), as the source wrote it: what tells
    /// two namesakes born the same year apart.
    public var origin: Place?
    /// ISO 3166-1 alpha-2 codes of every nationality the person held.
    @DefaultEmpty public var nationalities: [String]
    @DefaultEmpty public var roles: [Role]
    /// Fate and whereabouts, oldest first; the last entry by date is the current status.
    @DefaultEmpty public var fate: [FateEntry]
    public var notes: String?

    public init(
        names: [NameForm] = [], sex: Sex? = nil, birthDate: FuzzyDate? = nil, origin: Place? = nil,
        nationalities: [String] = [], roles: [Role] = [], fate: [FateEntry] = [], notes: String? = nil
    ) {
        self.names = names
        self.sex = sex
        self.birthDate = birthDate
        self.origin = origin
        self.nationalities = nationalities
        self.roles = roles
        self.fate = fate
        self.notes = notes
    }

    /// The first name form, for lists.
    public var title: String { names.first?.full ?? "(unnamed)" }

    /// The latest fate status by date (undated entries count as later than dated ones, in order).
    public var currentFate: FateEntry? { fate.chronological.last }

    public func check(into checker: inout Checker) {
        checker.count(names, at: "/names", max: 100)
        for (index, name) in names.enumerated() { name.check(at: "/names/\(index)", into: &checker) }
        origin?.check(at: "/origin", into: &checker)
        checker.countries(nationalities, at: "/nationalities")
        checker.count(fate, at: "/fate", max: 500)
        for (index, entry) in fate.enumerated() { entry.check(at: "/fate/\(index)", into: &checker) }
        checker.text(notes, at: "/notes", maxLength: 100_000)
    }

    public var references: [RecordReference] {
        names.enumerated().compactMap { index, name in
            name.sourceID.map { RecordReference(path: "/names/\(index)/sourceID", kinds: [.source], id: $0) }
        }
            + fate.enumerated().compactMap { index, entry in
                entry.sourceID.map { RecordReference(path: "/fate/\(index)/sourceID", kinds: [.source], id: $0) }
            }
    }

    public var vocabularyUses: [VocabularyUse] { [] }

    /// Nothing: every text of a person identifies them (found through the blind index only).
    public var searchText: [String] { [] }

    public static var summaryIdentifies: Bool { true }

    public var identityNames: [String] {
        names.flatMap { [$0.full, $0.family ?? "", $0.given ?? ""] }.filter { !$0.isEmpty }
    }

    public var identityNameForms: [NameForm] { names }

    public var identityText: [String] {
        (notes.map { [$0] } ?? []) + (origin?.locality.map { [$0] } ?? [])
            + fate.flatMap { [$0.note, $0.place?.locality].compactMap { $0 } }
    }

    public var facets: [Facet] {
        nationalities.map { Facet(.country, $0) } + roles.map { Facet(.role, $0.rawValue) }
            + (currentFate.map { [Facet(.fate, $0.status.rawValue)] } ?? [])
    }

    public var period: FuzzyDate? { birthDate }
}

extension Array where Element == FateEntry {
    /// Oldest first by date; undated entries count as later than dated ones, in their order.
    public var chronological: [FateEntry] {
        enumerated().sorted { lhs, rhs in
            let l = lhs.element.date?.to.iso ?? "9999-99-99"
            let r = rhs.element.date?.to.iso ?? "9999-99-99"
            return (l, lhs.offset) < (r, rhs.offset)
        }.map(\.element)
    }
}

/// One dated statement of a person's fate and whereabouts.
public struct FateEntry: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case missing
        case detainedLocationKnown = "detained-location-known"
        case detainedLocationUnknown = "detained-location-unknown"
        case aliveLocationKnown = "alive-location-known"
        case deceasedRemainsLocated = "deceased-remains-located"
        case deceasedRemainsUnlocated = "deceased-remains-unlocated"
        case returned
        case reunited
        case unknown
    }

    public var status: Status
    public var date: FuzzyDate?
    public var place: Place?
    public var sourceID: RecordID?
    public var note: String?

    public init(
        status: Status, date: FuzzyDate? = nil, place: Place? = nil, sourceID: RecordID? = nil, note: String? = nil
    ) {
        self.status = status
        self.date = date
        self.place = place
        self.sourceID = sourceID
        self.note = note
    }

    func check(at path: String, into checker: inout Checker) {
        place?.check(at: path + "/place", into: &checker)
        checker.text(note, at: path + "/note", maxLength: 10_000)
    }
}
