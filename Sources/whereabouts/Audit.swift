import ArgumentParser
import Foundation
import WhereaboutsStore

/// `whereabouts audit …`: the tamper-evident log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify and read the audit log.", subcommands: [Verify.self, List.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and check it against the signed checkpoints; exit 1 on any problem.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let result = try await store.withStore("whereabouts.audit") { records in
                let log = try await store.auditLog(records)
                let result = try await log.verify()
                try await log.record(
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .auditVerified,
                        outcome: result.isIntact ? .success : .failure,
                        details: ["entries": String(result.entries), "problems": String(result.problems.count)]))
                return result
            }
            for problem in result.problems { print("✗ " + problem) }
            print(
                "\(result.entries) entries, \(result.checkpoints) signed checkpoints: "
                    + (result.isIntact ? "the audit log is intact." : "\(result.problems.count) problem(s)."))
            if !result.isIntact { throw ExitCode(1) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The newest entries, optionally by actor or action.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this actor's entries.") var actor: String?
        @Option(help: "Only this action (\(AuditEvent.Action.allCases.map(\.rawValue).joined(separator: ", "))).")
        var action: String?
        @Option(help: "How many.") var limit = 50

        func validate() throws {
            if let action, AuditEvent.Action(rawValue: action) == nil {
                throw ValidationError("unknown action \(action)")
            }
        }

        func run() async throws {
            try await store.withStore("whereabouts.audit") { records in
                let entries = try await store.auditLog(records).entries(
                    actor: actor, action: action.flatMap(AuditEvent.Action.init(rawValue:)), limit: limit)
                for entry in entries {
                    let details = entry.event.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                    print(
                        [
                            String(entry.seq), entry.at, entry.event.actor, entry.event.action.rawValue,
                            entry.event.target,
                            entry.event.outcome.rawValue, entry.event.address, details.joined(separator: " "),
                        ].joined(separator: "\t"))
                }
            }
        }
    }
}
