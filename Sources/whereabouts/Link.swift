import ArgumentParser
import Foundation
import WhereaboutsLinkage
import WhereaboutsOperations

/// `whereabouts link`: looks for persons recorded more than once (across sources, scripts and
/// spellings) and puts the pairs in the review queue. Nothing is merged: reviewers decide. Pairs
/// involving the subject of a tracing request (an intervention of type `tracing-request` naming the
/// person a family is looking for) are marked as such in the queue; nobody is told anything
/// automatically. The work is ``MatchOperations/linkPersons(keepAbove:by:from:progress:)``.
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
        let progress = StageProgress(quiet: quiet)
        let summary = try await store.withOperations("whereabouts.link") { operations -> LinkSummary in
            do {
                return try await operations.matches.linkPersons(
                    keepAbove: keepAbove, by: StoreOptions.operatorName, from: .cli, progress: progress.update)
            } catch let error as LinkageError {
                throw CommandFailure("\(error)")
            }
        }
        progress.end()
        guard let outcome = summary.outcome else {
            print("\(summary.persons) person(s): nothing to link")
            return
        }
        let stages = summary.stageSeconds.map { "\($0.stage) \(String(format: "%.1f", $0.seconds)) s" }
        print(
            """
            \(summary.persons) persons (\(summary.decisionsUsed) decisions used), \(summary.pairsCompared) pairs compared, \(summary.proposed) possible matches (\(summary.likely) likely, \(summary.tracing) for tracing requests)
            review queue: \(outcome.added) added, \(outcome.refreshed) refreshed, \(outcome.alreadyDecided) already decided (kept), \(outcome.withdrawn) no longer proposed (withdrawn)
            time: \(stages.joined(separator: ", "))
            """)
    }
}
