import WhereaboutsCore
import WhereaboutsEstimation
import WhereaboutsStore

/// The overlap tables of what one reader may see: persons as reviewers linked them, each on the
/// lists (sources, or types of source) the acts naming them as victim cite, split by a stratification
/// when one is asked for. Built by ``EstimateOperations/overlap(_:access:)``.
public struct StoreOverlap: Sendable {
    /// One table: the whole, or one stratum's.
    public struct Part: Sendable {
        /// The stratum's value (`nil` for the whole table).
        public let stratum: String?
        /// Persons on at least one list.
        public let observed: Int
        /// The lists holding someone in this part, sorted by name.
        public let lists: [String]
        /// The table, or why there is none (more lists than a table can have).
        public let table: Result<OverlapTable, EstimationError>
    }

    public let query: OverlapQuery
    /// The whole table, and one per stratum (ordered by stratum) when stratified.
    public let whole: Part
    public let strata: [Part]
    /// Reviewers' "same person" decisions applied, and those left out because they contradict a
    /// "different" decision.
    public let decisionsApplied: Int
    public let decisionsInConflict: Int
    /// Persons, as linked, of whom one source holds two records or more. A list names a person once,
    /// so each is most likely namesakes joined by review, and the estimate is low by about as many.
    /// Counted by source whatever the grouping: two lists of one type may well both name a person.
    public let personsListedTwice: Int

    /// What the store holds for one reader, as read.
    struct Records {
        var persons: [(RecordID, Person)] = []
        var acts: [Act] = []
        /// The list each visible source is on, by source.
        var lists: [RecordID: String] = [:]
        var decisions: [JudgedPair] = []
    }

    init(_ records: Records, query: OverlapQuery, vocabulary: VocabularyIndex) {
        self.query = query
        let position = Dictionary(
            records.persons.enumerated().map { ($1.0, $0) }, uniquingKeysWith: { first, _ in first })
        var listsOf = [Set<String>](repeating: [], count: records.persons.count)
        var sourcesOf = [Set<RecordID>](repeating: [], count: records.persons.count)
        var actValues = [[String]](repeating: [], count: records.persons.count)
        for act in records.acts {
            guard let person = position[act.victimID] else { continue }
            for source in act.sourceIDs {
                guard let list = records.lists[source] else { continue }
                listsOf[person].insert(list)
                sourcesOf[person].insert(source)
            }
            if let strata = query.strata, let value = strata.value(of: act, vocabulary: vocabulary) {
                actValues[person].append(value)
            }
        }
        var linked = LinkedPersons(records.persons.map(\.0), decisions: records.decisions)
        var persons: [(stratum: String?, lists: Set<String>)] = []
        var listedTwice = 0
        for group in linked.groups() {
            let lists = group.reduce(into: Set<String>()) { $0.formUnion(listsOf[$1]) }
            guard !lists.isEmpty else { continue }
            let sources = group.reduce(into: Set<RecordID>()) { $0.formUnion(sourcesOf[$1]) }
            if group.reduce(0, { $0 + sourcesOf[$1].count }) > sources.count { listedTwice += 1 }
            let stratum = query.strata.map { strata in
                let values =
                    strata.fromActs
                    ? group.flatMap { actValues[$0] } : group.compactMap { strata.value(of: records.persons[$0].1) }
                return Self.mostCommon(values) ?? Stratification.unknown
            }
            persons.append((stratum, lists))
        }
        decisionsApplied = linked.applied
        decisionsInConflict = linked.conflicts
        personsListedTwice = listedTwice
        whole = Self.part(nil, persons.map(\.lists))
        if query.strata != nil {
            strata = Dictionary(grouping: persons) { $0.stratum ?? Stratification.unknown }
                .sorted { $0.key < $1.key }
                .map { Self.part($0.key, $0.value.map(\.lists)) }
        } else {
            strata = []
        }
    }

    /// The value most of `values` are (the smallest of the most common), or nil when there is none.
    static func mostCommon(_ values: [String]) -> String? {
        let counts = values.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        return counts.min { ($1.value, $0.key) < ($0.value, $1.key) }?.key
    }

    static func part(_ stratum: String?, _ persons: [Set<String>]) -> Part {
        let lists = persons.reduce(into: Set<String>()) { $0.formUnion($1) }.sorted()
        let table = Result { () throws(EstimationError) -> OverlapTable in
            try OverlapTable(lists: lists, persons: persons)
        }
        return Part(stratum: stratum, observed: persons.count, lists: lists, table: table)
    }
}
