import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsLinkage
import WhereaboutsOperations
import WhereaboutsStore

/// `whereabouts link`: looks for persons recorded more than once (across sources, scripts and
/// spellings) and puts the pairs in the review queue. Nothing is merged: reviewers decide. Pairs
/// involving the subject of a tracing request (an intervention of type `tracing-request` naming the
/// person a family is looking for) are marked as such in the queue; nobody is told anything
/// automatically.
struct Link: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find persons recorded more than once and send the pairs to the review queue.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Pairs with at least this match probability go to the review queue (0–1).")
    var keepAbove = 0.05

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        guard keepAbove > 0, keepAbove < 1 else { throw ValidationError("--keep-above must be between 0 and 1") }
    }

    func run() async throws {
        let keepAbove = self.keepAbove
        let quiet = self.quiet
        let summary = try await store.withOperations("whereabouts.link") { operations -> String in
            let records = operations.records
            let collected = PersonCollector()
            try await records.stream([.person, .intervention], access: .operatorAccess) { batch in
                await collected.add(batch.compactMap { record in record.body(as: Person.self).map { (record.id, $0) } })
                await collected.trace(
                    batch.compactMap { $0.body(as: Intervention.self) }.filter { $0.type == "tracing-request" }
                        .flatMap(\.personIDs))
            }
            let persons = await collected.persons
            let sought = await collected.sought
            var decided: [MatchProposal] = []
            while true {
                let page = try await records.matchProposals(
                    statuses: [.same, .different], access: .operatorAccess, limit: 500, offset: decided.count)
                decided += page
                if page.count < 500 { break }
            }
            guard persons.count >= 2 else { return "\(persons.count) person(s): nothing to link" }
            let table: LinkTable
            let linker: Linker
            do {
                table = try PersonLinkage.table(persons.map { ($0.0.description, $0.1) })
                var settings = try LinkageSettings.forFields(PersonLinkage.fields, table: table)
                settings.threshold = 0.5
                // Reviewers' decisions so far refine the model and stand.
                let position = Dictionary(uniqueKeysWithValues: persons.enumerated().map { ($0.element.0, $0.offset) })
                settings.labels = decided.compactMap { proposal in
                    guard let a = position[proposal.recordA], let b = position[proposal.recordB] else { return nil }
                    return LabelledPair(a, b, same: proposal.status == .same)
                }
                linker = try Linker(table: table, settings: settings)
            } catch {
                throw CommandFailure("\(error)")
            }
            let bar = ProgressLine("linking \(persons.count) persons", total: 100, quiet: quiet)
            let result = linker.run { _, fraction in bar.update(Int(fraction * 100)) }
            bar.finish(100)
            // A person a family is looking for (the subject of a tracing request) is never missed for
            // want of a little evidence: their pairs are kept from a fifth of the usual probability.
            let keepWeight = log2(keepAbove / (1 - keepAbove))
            let tracingWeight = log2(keepAbove / 5 / (1 - keepAbove / 5))
            var proposals: [NewMatch] = []
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
            }
            let outcome = try await operations.matches.propose(
                proposals, amongPersons: persons.count, by: StoreOptions.operatorName,
                from: OperationOrigin(via: "cli", address: "cli"))
            let likely = proposals.filter { $0.probability >= 0.5 }.count
            let traced = proposals.filter { $0.origin == .tracing }.count
            return """
                \(persons.count) persons (\(decided.count) decisions used), \(result.candidatePairs.count) pairs compared, \(proposals.count) possible matches (\(likely) likely, \(traced) for tracing requests)
                review queue: \(outcome.added) added, \(outcome.refreshed) refreshed, \(outcome.alreadyDecided) already decided (kept)
                """
        }
        print(summary)
    }
}

/// Persons gathered from the store's batches, and the persons tracing requests are looking for.
actor PersonCollector {
    private(set) var persons: [(RecordID, Person)] = []
    private(set) var sought = Set<RecordID>()
    func add(_ batch: [(RecordID, Person)]) { persons += batch }
    func trace(_ ids: [RecordID]) { sought.formUnion(ids) }
}
