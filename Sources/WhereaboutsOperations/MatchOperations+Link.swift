import Foundation
import WhereaboutsCore
import WhereaboutsLinkage
import WhereaboutsStore

/// What a run of `link` over the store found and did to the review queue.
public struct LinkSummary: Sendable {
    /// Person records linked.
    public let persons: Int
    /// Reviewers' decisions the model learnt from.
    public let decisionsUsed: Int
    /// Pairs the blocking rules proposed and the model scored.
    public let pairsCompared: Int
    /// Pairs kept for review.
    public let proposed: Int
    /// Of those, pairs more likely than not the same person.
    public let likely: Int
    /// Of those, pairs involving the subject of a tracing request.
    public let tracing: Int
    /// How the queue changed; nil when there were too few persons to link.
    public let outcome: ProposalOutcome?
    /// Seconds spent reading, linking, explaining and writing, in that order.
    public let stageSeconds: [(stage: String, seconds: Double)]
}

extension MatchOperations {
    /// Looks for persons recorded more than once among every live person record (the operator's
    /// run: `whereabouts link`) and puts the pairs in the review queue, with the run's audit entry.
    /// Nothing is merged. Reviewers' decisions so far refine the model and stand: a pair judged the
    /// same or not keeps its decision and is never proposed again as new; a pair awaiting a decision
    /// that the refined model no longer keeps leaves the queue (unless it was ever decided). Pairs involving the subject
    /// of a tracing request (an intervention of type `tracing-request`) are kept from a fifth of
    /// `keepAbove` and marked as such; nobody is told anything automatically.
    ///
    /// `progress` receives a stage (`reading`, `linking`, `explaining`, `writing`) and a fraction done.
    public func linkPersons(
        keepAbove: Double, by actor: String, from origin: OperationOrigin,
        progress: (@Sendable (String, Double) -> Void)? = nil
    ) async throws -> LinkSummary {
        var stages: [(String, Double)] = []
        var clock = Date()
        func lap(_ stage: String) {
            stages.append((stage, Date().timeIntervalSince(clock)))
            clock = Date()
        }
        let collected = PersonCollector()
        progress?("reading", 0)
        try await store.stream([.person, .intervention, .act], access: .operatorAccess, batchSize: 2_000) { batch in
            await collected.add(batch.compactMap { record in record.body(as: Person.self).map { (record.id, $0) } })
            await collected.trace(
                batch.compactMap { $0.body(as: Intervention.self) }.filter { $0.type == "tracing-request" }
                    .flatMap(\.personIDs))
            await collected.cite(batch.compactMap { $0.body(as: Act.self) })
        }
        let persons = await collected.persons
        let sought = await collected.sought
        let lists = await collected.lists
        let judged = try await store.judgedPairs(access: .operatorAccess)
        lap("reading")
        guard persons.count >= 2 else {
            return LinkSummary(
                persons: persons.count, decisionsUsed: 0, pairsCompared: 0, proposed: 0, likely: 0, tracing: 0,
                outcome: nil, stageSeconds: stages)
        }
        let position = Dictionary(uniqueKeysWithValues: persons.enumerated().map { ($0.element.0, $0.offset) })
        let labels = judged.compactMap { pair -> LabelledPair? in
            guard let a = position[pair.recordA], let b = position[pair.recordB] else { return nil }
            return LabelledPair(a, b, same: pair.same)
        }
        let table = try PersonLinkage.table(
            persons.map { ($0.0.description, $0.1) }, lists: persons.map { lists[$0.0]?.description })
        var settings = try LinkageSettings.forFields(PersonLinkage.fields, table: table)
        settings.threshold = 0.5
        settings.labels = labels
        let linker = try Linker(table: table, settings: settings)
        let result = linker.run { _, fraction in progress?("linking", fraction) }
        lap("linking")

        let keepWeight = log2(keepAbove / (1 - keepAbove))
        let tracingWeight = log2(keepAbove / 5 / (1 - keepAbove / 5))
        var proposals: [NewMatch] = []
        let total = result.candidatePairs.count
        for (index, pair) in result.candidatePairs.enumerated() {
            let a = Int(pair >> 32)
            let b = Int(pair & 0xffff_ffff)
            let weight = Double(result.candidateWeights[index])
            let tracing = sought.contains(persons[a].0) || sought.contains(persons[b].0)
            guard weight >= (tracing ? tracingWeight : keepWeight) else { continue }
            let reasons = linker.explain(a, b, model: result.model).map {
                MatchReason(field: $0.comparator, level: $0.level, weight: $0.weight)
            }
            proposals.append(
                NewMatch(
                    persons[a].0, persons[b].0, origin: tracing ? .tracing : .link,
                    probability: FellegiSunterModel.probability(weight: weight), weight: weight, reasons: reasons))
            if index % 65_536 == 0 { progress?("explaining", Double(index) / Double(total)) }
        }
        lap("explaining")
        progress?("writing", 0)
        let outcome = try await propose(
            proposals, amongPersons: persons.count, by: actor, from: origin, replacingQueue: true)
        lap("writing")
        return LinkSummary(
            persons: persons.count, decisionsUsed: labels.count, pairsCompared: total, proposed: proposals.count,
            likely: proposals.filter { $0.probability >= 0.5 }.count,
            tracing: proposals.filter { $0.origin == .tracing }.count, outcome: outcome, stageSeconds: stages)
    }
}

/// Persons gathered from the store's batches, the persons tracing requests are looking for, and the
/// list each person record came from.
private actor PersonCollector {
    private(set) var persons: [(RecordID, Person)] = []
    private(set) var sought = Set<RecordID>()
    /// The sources the acts naming each person as victim cite.
    private var cited: [RecordID: Set<RecordID>] = [:]
    func add(_ batch: [(RecordID, Person)]) { persons += batch }
    func trace(_ ids: [RecordID]) { sought.formUnion(ids) }
    func cite(_ acts: [Act]) { for act in acts { cited[act.victimID, default: []].formUnion(act.sourceIDs) } }

    /// A person's list: the one source its acts cite (a row of an imported list, a testimony); none
    /// when they cite several or none.
    var lists: [RecordID: RecordID] {
        cited.compactMapValues { $0.count == 1 ? $0.first : nil }
    }
}
