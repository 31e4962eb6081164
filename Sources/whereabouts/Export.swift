import ArgumentParser
import CSV
import Foundation
import Synchronization
import WhereaboutsCore
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
        @Flag(help: "No progress output.") var quiet = false

        func run() async throws {
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
            try await store.withStore("whereabouts.export") { records in
                let total = try await records.counts(access: .operatorAccess).filter { kinds.contains($0.key) }.values
                    .reduce(0, +)
                let progress = ProgressLine("Exporting", total: total, quiet: quiet || output == nil)
                let written = Counter()
                try await records.stream(kinds, access: .operatorAccess) { batch in
                    var data = Data()
                    let encoder = JSONEncoder.canonical
                    for record in batch {
                        data.append(try encoder.encode(record))
                        data.append(0x0A)
                    }
                    try sink.write(data)
                    progress.update(written.add(batch.count))
                }
                progress.finish(written.value)
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .export, target: output ?? "standard output",
                        details: ["records": String(written.value), "format": "jsonl"]))
            }
            try sink.close()
        }

        /// Referenced kinds before the kinds that refer to them.
        static let order: [RecordKind] = [
            .source, .organisation, .person, .event, .act, .involvement, .information, .intervention, .eventLink,
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
            try await store.withStore("whereabouts.export") { records in
                let total = try await records.counts(access: .operatorAccess)[.act] ?? 0
                let progress = ProgressLine("Exporting acts", total: total, quiet: quiet || output == nil)
                let written = Counter()
                try sink.write(Self.csvLine(CaseList.columns))
                try await records.stream([.act], access: .operatorAccess) { batch in
                    var data = Data()
                    for record in batch {
                        guard let act = record.body(as: Act.self) else { continue }
                        let event = try await records.get(act.eventID, access: .operatorAccess).body(as: Event.self)
                        let person = try await records.get(act.victimID, access: .operatorAccess).body(as: Person.self)
                        var source: Source? = nil
                        if let sourceID = act.sourceIDs.first {
                            source = try await records.get(sourceID, access: .operatorAccess).body(as: Source.self)
                        }
                        guard let event, let person else { continue }
                        data.append(
                            Self.csvLine(
                                CaseList.row(
                                    eventKey: act.eventID.description, personKey: act.victimID.description, act: act,
                                    event: event, person: person, source: source)))
                    }
                    try sink.write(data)
                    progress.update(written.add(batch.count))
                }
                progress.finish(written.value)
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .export, target: output ?? "standard output",
                        details: ["acts": String(written.value), "format": "csv"]))
            }
            try sink.close()
        }

        /// One CSV line (RFC 4180 quoting), written with CSV.swift.
        static func csvLine(_ fields: [String]) -> Data {
            let stream = OutputStream(toMemory: ())
            // Writing to memory cannot fail except by running out of it.
            let writer = try! CSVWriter(stream: stream)
            try! writer.write(row: fields)
            writer.stream.close()
            var data = (stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data()
            data.append(0x0A)
            return data
        }
    }
}

/// A file or standard output, written in whole batches.
final class OutputSink: Sendable {
    private let handle: FileHandle
    private let ownsHandle: Bool

    init(path: String?) throws {
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
