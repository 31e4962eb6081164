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
                ) { try await write(operations.records, to: sink, access: access, kinds: kinds, purpose: purpose) }
            }
            try sink.close()
        }

        /// Streams the records out and returns what the export's audit entry says about them.
        private func write(
            _ records: SQLRecordStore, to sink: OutputSink, access: RecordAccess, kinds: [RecordKind],
            purpose: SharingPurpose
        ) async throws -> [String: String] {
            do {
                let total = try await records.counts(access: access).filter { kinds.contains($0.key) }.values
                    .reduce(0, +)
                let progress = ProgressLine("Exporting", total: total, quiet: quiet || output == nil)
                let written = Counter()
                let looked = Counter()
                let filter = Synchronization.Mutex(ConsentFilter(purpose: purpose))
                // Sources (and reparation claims) come first whatever kinds were asked for, so that what
                // rests on a withheld one is known.
                let first = [RecordKind.source, .claim].filter { !kinds.contains($0) }
                if !first.isEmpty {
                    try await records.stream(first, access: access) { batch in
                        filter.withLock { filter in
                            for record in batch { _ = filter.filter(record.body, id: record.id) }
                        }
                    }
                }
                // Leaving the installation: stand-in ids under a key of this export only, no staff names,
                // times or compartments; publication also names persons by pseudonym only.
                let publication: PublicationExport? =
                    switch purpose {
                    case .internal: nil
                    case .un: PublicationExport(identities: .named)
                    case .publication: PublicationExport(identities: .pseudonymised)
                    }
                try await records.stream(kinds, access: access) { batch in
                    let shared = filter.withLock { filter in
                        batch.compactMap { record in filter.filter(record.body, id: record.id).map(record.replacingBody)
                        }
                    }
                    if let publication {
                        try sink.write(try publication.lines(shared))
                    } else {
                        // Placement travels with each record, so an import shows nobody more than before.
                        let homes = try await records.homeCompartments(of: shared.map(\.id))
                        var data = Data()
                        let encoder = JSONEncoder.canonical
                        for record in shared {
                            data.append(
                                try encoder.encode(RecordLines.Line(record, homeCompartments: homes[record.id] ?? [])))
                            data.append(0x0A)
                        }
                        try sink.write(data)
                    }
                    _ = written.add(shared.count)
                    progress.update(looked.add(batch.count))
                }
                progress.finish(looked.value)
                let withheld = filter.withLock { $0.withheld.count }
                if withheld > 0 {
                    FileHandle.standardError.write(
                        Data(
                            "Left out \(withheld) source(s), and what rests on them, whose consent does not cover \(purpose.rawValue) use.\n"
                                .utf8))
                }
                return [
                    "records": String(written.value), "format": "jsonl", "purpose": purpose.rawValue,
                    "withheldSources": String(withheld),
                ]
            }
        }

        /// Referenced kinds before the kinds that refer to them.
        static let order: [RecordKind] = [
            .source, .organisation, .person, .event, .act, .involvement, .information, .intervention, .eventLink,
            .eligibilityRules, .claim, .reparationDecision, .reparationMeasure,
        ]
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
                ) { try await write(operations.records, to: sink) }
            }
            try sink.close()
        }

        /// Streams every act out as a case-list row and returns what the export's audit entry says.
        private func write(_ records: SQLRecordStore, to sink: OutputSink) async throws -> [String: String] {
            do {
                let total = try await records.counts(access: .operatorAccess)[.act] ?? 0
                let progress = ProgressLine("Exporting acts", total: total, quiet: quiet || output == nil)
                let written = Counter()
                try sink.write(CSVRows.data([CaseList.columns]))
                try await records.stream([.act], access: .operatorAccess) { batch in
                    var rows: [[String]] = []
                    for record in batch {
                        guard let act = record.body(as: Act.self) else { continue }
                        let event = try await records.get(act.eventID, access: .operatorAccess).body(as: Event.self)
                        let person = try await records.get(act.victimID, access: .operatorAccess).body(as: Person.self)
                        var source: Source? = nil
                        if let sourceID = act.sourceIDs.first {
                            source = try await records.get(sourceID, access: .operatorAccess).body(as: Source.self)
                            // A source whose consent was withdrawn leaves every later export.
                            if source?.allows(.internalDocumentation) == false { source = nil }
                        }
                        guard let event, let person else { continue }
                        rows.append(
                            CaseList.row(
                                eventKey: act.eventID.description, personKey: act.victimID.description, act: act,
                                event: event, person: person, source: source))
                    }
                    try sink.write(CSVRows.data(rows))
                    progress.update(written.add(batch.count))
                }
                progress.finish(written.value)
                return ["acts": String(written.value), "format": "csv"]
            }
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

/// A count shared with the export's batch callback.
final class Counter: Sendable {
    private let storage = Synchronization.Mutex(0)
    func add(_ count: Int) -> Int {
        storage.withLock {
            $0 += count; return $0
        }
    }
    var value: Int { storage.withLock { $0 } }
}
