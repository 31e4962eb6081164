import ArgumentParser
import Foundation
import WhereaboutsSecurity
import WhereaboutsStore

/// `whereabouts audit …`: the tamper-evident log.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify, read and anchor the audit log.",
        subcommands: [Verify.self, List.self, Trust.self, Anchor.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Recompute the hash chain and check it against the chain of signed checkpoints; exit 1 on any problem.",
            discussion: """
                Signatures are checked against the public keys in --trusted-keys (a file the auditor keeps, made \
                with `whereabouts audit trust export` on each server); without it, against this machine's own key \
                only. The newest checkpoint must cover the newest entry: entries after it are reported unprotected. \
                With --anchors (files written by `audit anchor`), each timestamped checkpoint must still be there, \
                unchanged, and with --tsa-cert each timestamp must be the authority's.
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "The auditor's file of trusted node keys (default: $WHEREABOUTS_TRUSTED_KEYS).")
        var trustedKeys: String?
        @Option(parsing: .upToNextOption, help: "Anchor files written by `audit anchor`, kept apart from the server.")
        var anchors: [String] = []
        @Option(help: "The timestamp authority's certificate (PEM), to check the anchors' timestamps.")
        var tsaCert: String?

        func run() async throws {
            let trusted = try trustedKeyFile()
            let result = try await store.withStore("whereabouts.audit") { records in
                let log = try await store.auditLog(records)
                var result = try await log.verify(trusting: trusted)
                result.problems += try await Audit.anchorProblems(files: anchors, certificate: tsaCert, log: log)
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .auditVerified,
                        outcome: result.isIntactAndCovered ? .success : .failure,
                        details: ["entries": String(result.entries), "problems": String(result.problems.count)]))
                return result
            }
            for problem in result.problems { print("✗ " + problem) }
            if let unprotected = result.unprotected {
                let newest = result.newestCheckpoint.map { "checkpoint \($0.number)" } ?? "any signed checkpoint"
                print(
                    "✗ entries \(unprotected.lowerBound)–\(unprotected.upperBound) come after \(newest): they are unprotected "
                        + "(nothing but the database vouches for them)")
            }
            if !anchors.isEmpty, tsaCert == nil {
                print(
                    "(\(anchors.count) anchor(s) compared with the checkpoints; their timestamps need --tsa-cert to be checked)"
                )
            }
            if trusted == nil {
                print("(signatures checked against this machine's own key only: an auditor passes --trusted-keys FILE)")
            }
            print(
                "\(result.entries) entries, \(result.checkpoints) signed checkpoints: "
                    + (result.isIntactAndCovered
                        ? "the audit log is intact."
                        : "\(result.problems.count + (result.unprotected == nil ? 0 : 1)) problem(s)."))
            if !result.isIntactAndCovered { throw ExitCode(1) }
        }

        private func trustedKeyFile() throws -> TrustedKeys? {
            guard let path = trustedKeys ?? store.environment["WHEREABOUTS_TRUSTED_KEYS"], !path.isEmpty else {
                return nil
            }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read the trusted keys in \(path)")
            }
            do { return try TrustedKeys(text: text) } catch let error as KeyError {
                throw ValidationError(error.description)
            }
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

    /// `whereabouts audit trust export`: this machine's public audit key, for the auditor's trust file.
    struct Trust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The public keys an auditor trusts to sign checkpoints.", subcommands: [Export.self])

        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print this machine's public audit key as a line of the auditor's trust file.",
                discussion: """
                    Run it on every server of the installation and give the lines to the auditor, who keeps them \
                    apart from the servers: `whereabouts audit trust export >> trusted-keys`, then \
                    `whereabouts audit verify --trusted-keys trusted-keys`.
                    """)
            @OptionGroup var store: StoreOptions

            func run() async throws {
                let (installation, key) = try await store.withStore("whereabouts.audit") { records in
                    (try await records.installationName(), try await store.auditLog(records).signer)
                }
                guard let key else { throw ValidationError("this machine has no audit signing key") }
                print("# whereabouts installation \(installation), exported \(Timestamp.format(Date()))")
                // Only the public half leaves the machine: the trust file an auditor keeps.
                let publicKey: TrustedKeys.Node = key.publicKey
                print(publicKey.line)
            }
        }
    }
}
