import ArgumentParser
import Foundation
import Synchronization
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// `whereabouts export jsonl|csv`: streams any number of records in constant memory.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export records (streamed: memory stays constant however many there are).",
        subcommands: [JSONLines.self, CSVCases.self])

    struct JSONLines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "jsonl", abstract: "Every record of every kind, one JSON object per line, with its metadata.")

        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "Write here instead of standard output.") var output: String?
        @Option(help: "Only these kinds (repeatable): event, act, person, …") var kind: [String] = []
        @Option(
            help: ArgumentHelp(
                "What the export is for: internal, un or publication. Material from sources whose consent does not cover it is left out; un and publication carry no internal ids, times, compartments or staff names (ids are keyed by this export alone), and publication shows persons by pseudonym only."
            ))
        var purpose: String = "internal"
        @Flag(help: "No progress output.") var quiet = false

        func validate() throws {
            guard SharingPurpose(rawValue: purpose) != nil else {
                throw ValidationError("--purpose is internal, un or publication")
            }
        }

        func run() async throws {
            let purpose = SharingPurpose(rawValue: purpose) ?? .internal
            // Publication never carries identities; the other purposes do, for the operator.
            let access = RecordAccess(compartments: nil, seesIdentities: purpose != .publication)
            let kinds =
                try kind.isEmpty
                ? Self.order
                : kind.map { name in
                    guard let kind = RecordKind(rawValue: name) else {
                        throw ValidationError("'\(name)' is not a record kind")
                    }
                    return kind
                }
            let sink = try OutputSink(path: output)
            try await store.withOperations("whereabouts.export") { operations in
                try await operations.transfers.export(
                    to: output ?? "standard output", actor: StoreOptions.operatorName, origin: .cli,
                    discard: sink.discard
                ) { try await write(operations, to: sink, access: access, kinds: kinds, purpose: purpose) }
            }
            try sink.close()
        }

        /// Streams the records out and returns what the export's audit entry says about them.
        private func write(
            _ operations: CommandOperations, to sink: OutputSink, access: RecordAccess, kinds: [RecordKind],
            purpose: SharingPurpose
        ) async throws -> [String: String] {
            let total = try await operations.records.counts(access: access).filter { kinds.contains($0.key) }.values
                .reduce(0, +)
            let progress = ProgressLine("Exporting", total: total, quiet: quiet || output == nil)
            let details = try await operations.transfers.writeJSONLines(
                kinds: kinds, access: access, purpose: purpose, progress: { progress.update($0) },
                write: { try sink.write($0) })
            progress.finish(total)
            for (key, what) in [("withheldSources", "source(s)"), ("withheldClaims", "reparation claim(s)")] {
                guard let withheld = details[key], withheld != "0" else { continue }
                FileHandle.standardError.write(
                    Data(
                        "Left out \(withheld) \(what), and what rests on them, whose consent does not cover \(purpose.rawValue) use.\n"
                            .utf8))
            }
            return details
        }

        static let order = TransferOperations.exportOrder
    }

    struct CSVCases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv",
            abstract: "Every act as a row of the case list that `import csv` reads (persons without acts are in jsonl)."
        )

        @OptionGroup var store: StoreOptions
        @Option(name: .shortAndLong, help: "Write here instead of standard output.") var output: String?
        @Flag(help: "No progress output.") var quiet = false

        func run() async throws {
            let sink = try OutputSink(path: output)
            try await store.withOperations("whereabouts.export") { operations in
                try await operations.transfers.export(
                    to: output ?? "standard output", actor: StoreOptions.operatorName, origin: .cli,
                    discard: sink.discard
                ) { try await write(operations, to: sink) }
            }
            try sink.close()
        }

        /// Streams every act out as a case-list row and returns what the export's audit entry says.
        private func write(_ operations: CommandOperations, to sink: OutputSink) async throws -> [String: String] {
            let total = try await operations.records.counts(access: .operatorAccess)[.act] ?? 0
            let progress = ProgressLine("Exporting acts", total: total, quiet: quiet || output == nil)
            let details = try await operations.transfers.writeCaseList(
                access: .operatorAccess, progress: { progress.update($0) }, write: { try sink.write($0) })
            progress.finish(Int(details["acts"] ?? "") ?? total)
            return details
        }
    }
}

/// A file or standard output, written in whole batches.
final class OutputSink: Sendable {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private let path: String?

    init(path: String?) throws {
        self.path = path
        guard let path else {
            handle = .standardOutput
            ownsHandle = false
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw ValidationError("cannot write \(path)") }
        self.handle = handle
        ownsHandle = true
    }

    func write(_ data: Data) throws { try handle.write(contentsOf: data) }

    func close() throws {
        if ownsHandle { try handle.close() }
    }

    /// Removes the file written so far (an export whose audit entry could not be written); what went
    /// to standard output has gone.
    @Sendable func discard() {
        guard let path else { return }
        try? close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
