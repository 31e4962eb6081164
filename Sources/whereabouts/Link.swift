import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsLinkage
import WhereaboutsStore

/// `whereabouts link`: looks for persons recorded more than once (across sources, scripts and
/// spellings) and puts the pairs in the review queue. Nothing is merged: reviewers decide.
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
        let summary = try await store.withStore("whereabouts.link") { records -> String in
            let collected = PersonCollector()
            try await records.stream([.person], access: .operatorAccess) { batch in
                await collected.add(batch.compactMap { record in record.body(as: Person.self).map { (record.id, $0) } })
            }
            let persons = await collected.persons
            guard persons.count >= 2 else { return "\(persons.count) person(s): nothing to link" }
            let table: LinkTable
            let linker: Linker
            do {
                table = try PersonLinkage.table(persons.map { ($0.0.description, $0.1) })
                var settings = try LinkageSettings.forFields(PersonLinkage.fields, table: table)
                settings.threshold = 0.5
                linker = try Linker(table: table, settings: settings)
            } catch {
                throw CommandFailure("\(error)")
            }
            let bar = ProgressLine("linking \(persons.count) persons", total: 100, quiet: quiet)
            let result = linker.run { _, fraction in bar.update(Int(fraction * 100)) }
            bar.finish(100)
            let keepWeight = log2(keepAbove / (1 - keepAbove))
            var proposals: [NewMatch] = []
            for (index, pair) in result.candidatePairs.enumerated() where Double(result.candidateWeights[index]) >= keepWeight {
                let a = Int(pair >> 32)
                let b = Int(pair & 0xffff_ffff)
                let weight = Double(result.candidateWeights[index])
                let reasons = linker.explain(a, b, model: result.model).map {
                    MatchReason(field: $0.comparator, level: $0.level, weight: $0.weight)
                }
                proposals.append(
                    NewMatch(
                        persons[a].0, persons[b].0, origin: .link,
                        probability: FellegiSunterModel.probability(weight: weight), weight: weight, reasons: reasons))
            }
            let outcome = try await records.propose(proposals, at: Date())
            let likely = proposals.filter { $0.probability >= 0.5 }.count
            try await store.audit(
                records,
                AuditEvent(
                    actor: StoreOptions.operatorName, action: .matchesProposed, target: "persons", address: "cli",
                    outcome: .success,
                    details: [
                        "persons": String(persons.count), "proposed": String(proposals.count),
                        "added": String(outcome.added), "refreshed": String(outcome.refreshed),
                        "already-decided": String(outcome.alreadyDecided),
                    ]))
            return """
                \(persons.count) persons, \(result.candidatePairs.count) pairs compared, \(proposals.count) possible matches (\(likely) likely)
                review queue: \(outcome.added) added, \(outcome.refreshed) refreshed, \(outcome.alreadyDecided) already decided (kept)
                """
        }
        print(summary)
    }
}

/// Persons gathered from the store's batches.
actor PersonCollector {
    private(set) var persons: [(RecordID, Person)] = []
    func add(_ batch: [(RecordID, Person)]) { persons += batch }
}
