import ArgumentParser
import Foundation
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

extension Evidence {
    /// `whereabouts evidence timestamp`: items timestamped after intake (decision 0029), one by id or
    /// every one still without a timestamp.
    struct TimestampItems: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timestamp",
            abstract: "Timestamp items by an RFC 3161 authority: one item, or every item without a timestamp.",
            discussion: """
                Items taken in while no authority was set, or while it could not be reached, are kept without a \
                timestamp. This asks the authority (--tsa-url or $WHEREABOUTS_TSA_URL) for a token over a salted \
                statement of each one's hashes, checks it with openssl, keeps it and records it in the item's custody. \
                Prints one line an item; exits non-zero when any failed.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "The item's id (or --all-pending).") var item: String?
        @Flag(help: "Every item without a timestamp.") var allPending = false
        @Option(help: "The RFC 3161 timestamp authority's URL (default: $WHEREABOUTS_TSA_URL).") var tsaUrl: String?

        func validate() throws {
            guard (item == nil) == allPending else { throw ValidationError("name one item, or --all-pending") }
        }

        func run() async throws {
            guard let authority = try TimestampAuthority.configured(tsaUrl) else {
                throw ValidationError("name the timestamp authority: --tsa-url or $WHEREABOUTS_TSA_URL")
            }
            let failed = try await store.withOperations("whereabouts.evidence") { operations in
                let evidence = operations.evidence.timestamping(with: authority.service())
                let outcomes: [EvidenceOperations.TimestampOutcome]
                if let item {
                    let result: Result<ItemTimestamp, any Error>
                    do {
                        result = .success(
                            try await Evidence.explain(item) {
                                try await evidence.timestamp(
                                    item, access: .operatorAccess, actor: StoreOptions.operatorName, from: .cli)
                            })
                    } catch { result = .failure(error) }
                    outcomes = [EvidenceOperations.TimestampOutcome(item: item, result: result)]
                } else {
                    outcomes = try await evidence.timestampPending(actor: StoreOptions.operatorName, from: .cli)
                }
                for outcome in outcomes {
                    switch outcome.result {
                    case .success(let stamp): print("\(outcome.item)\ttimestamped\t\(stamp.time)\t\(stamp.authority)")
                    case .failure(let error): print("\(outcome.item)\tFAILED\t\(error)")
                    }
                }
                if outcomes.isEmpty { print("no item is waiting for a timestamp") }
                return outcomes.filter { if case .failure = $0.result { true } else { false } }.count
            }
            if failed > 0 { throw CommandFailure("\(failed) item(s) could not be timestamped") }
        }
    }
}
