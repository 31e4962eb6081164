import WhereaboutsCore

/// What makes a list, for an overlap table built from the store: each source record, or each type of
/// source (every government list together, every testimony together…).
public enum ListGrouping: String, Sendable, Codable, CaseIterable {
    case source
    case sourceType = "source-type"
}

/// What an overlap table from the store can be split by. Each linked person falls in exactly one
/// stratum, so strata never overlap and their observed counts add up to the whole table's:
/// - `year`, `violation`, `place`: from the acts naming the person as victim (the year an act took
///   place when its date lies within one year, the top level of its violation type, the state where it
///   took place);
/// - `sex`, `nationality`: from the person's records (the set of nationalities, `KP+KR`).
///
/// When a person's acts or records disagree, the value most of them give is the person's (the
/// smallest on a tie); a person with none is in the stratum `unknown`.
public enum Stratification: String, Sendable, Codable, CaseIterable {
    case year
    case sex
    case violation
    case nationality
    case place

    /// The stratum a person with no value is in.
    public static let unknown = "unknown"

    /// Whether the value comes from the person's acts (else from the person's records).
    var fromActs: Bool {
        switch self {
        case .year, .violation, .place: true
        case .sex, .nationality: false
        }
    }

    /// The value one act gives, if any.
    func value(of act: Act, vocabulary: VocabularyIndex) -> String? {
        switch self {
        case .year:
            guard let date = act.date, date.from.year == date.to.year else { return nil }
            return String(date.from.year)
        case .violation:
            return vocabulary.lineage(.violationTypes, act.type).last ?? act.type
        case .place:
            return act.place?.country
        case .sex, .nationality:
            return nil
        }
    }

    /// The value one person record gives, if any.
    func value(of person: Person) -> String? {
        switch self {
        case .sex:
            return person.sex.flatMap { $0 == .unknown ? nil : $0.rawValue }
        case .nationality:
            return person.nationalities.isEmpty ? nil : Set(person.nationalities).sorted().joined(separator: "+")
        case .year, .violation, .place:
            return nil
        }
    }
}

/// Which overlap table to build from the store: how lists are made and what to split by.
public struct OverlapQuery: Sendable, Hashable {
    public var lists: ListGrouping
    public var strata: Stratification?

    public init(lists: ListGrouping = .sourceType, strata: Stratification? = nil) {
        self.lists = lists
        self.strata = strata
    }
}
