import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// `whereabouts import csv FILE`: checks every row, then writes all of them or none.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import records.", subcommands: [CSVCases.self, JSONLines.self])

    struct JSONLines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "jsonl",
            abstract: "Import the records of `export jsonl` (e.g. to move from SQLite to PostgreSQL), all or none.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The JSON Lines file.") var file: String
        @Option(
            help: "Compartment for records the file gives no compartments (files from before placement travelled).")
        var compartment = "general"
        @Option(
            name: .customLong("map-compartment"),
            help: "OLD=NEW: place records the file puts in OLD in NEW instead (repeatable).")
        var mappings: [String] = []
        @Flag(help: "Check the file and report problems without writing anything.") var dryRun = false
        @Flag(help: "No progress output.") var quiet = false

        func validate() throws {
            _ = try compartmentMapping()
        }

        /// `--map-compartment` as a dictionary.
        func compartmentMapping() throws -> [String: String] {
            var mapping: [String: String] = [:]
            for item in mappings {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, CompartmentID.isValid(parts[0]), CompartmentID.isValid(parts[1]),
                    mapping.updateValue(parts[1], forKey: parts[0]) == nil
                else { throw ValidationError("--map-compartment takes OLD=NEW, each OLD once: '\(item)'") }
            }
            return mapping
        }

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            let mapping = try compartmentMapping()
            try await store.withOperations("whereabouts.import") { operations in
                let records = operations.records
                let parsed: RecordLines.Parsed
                do {
                    parsed = try RecordLines.read(data, vocabulary: records.vocabularyIndex).mapping(mapping)
                } catch let error as RecordLines.IssueList {
                    FileHandle.standardError.write(Data((error.description + "\n").utf8))
                    throw CommandFailure("\(file): \(error.issues.count) problem(s) found; nothing was imported")
                }
                // Placement must arrive as it left: a compartment this installation does not have is
                // refused (never silently replaced), unless the operator maps it.
                let known = Set(
                    try await AccountStore(store: records, clock: { Date() }).compartments().map(\.id))
                let unknown = parsed.compartments.subtracting(known).sorted()
                guard unknown.isEmpty else {
                    throw CommandFailure(
                        "\(file) places records in compartments this installation does not have: "
                            + unknown.joined(separator: ", ")
                            + ". Add them (`whereabouts compartments add`) or map them (--map-compartment OLD=NEW); nothing was imported"
                    )
                }
                if dryRun {
                    print("Dry run: \(file) would import \(parsed.records.count) records.")
                    return
                }
                let writing = ProgressLine("Writing records", total: parsed.records.count, quiet: quiet)
                let name = URL(fileURLWithPath: file).lastPathComponent
                try await operations.transfers.importRecords(
                    parsed.records, homes: parsed.homes, from: name,
                    details: [
                        "format": "jsonl",
                        "compartments": parsed.compartments.union([compartment]).sorted().joined(separator: ","),
                    ], by: .operatorWriter(actor: "import:" + name, compartments: [compartment]),
                    actor: StoreOptions.operatorName, origin: .cli
                ) {
                    writing.update($0)
                }
                writing.finish(parsed.records.count)
                print("Imported \(parsed.records.count) records from \(file).")
            }
        }
    }

    struct CSVCases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv",
            abstract: "Import a case list (one row per violation against one victim; see README for the columns).",
            discussion: "Columns: " + CaseList.columns.joined(separator: ", "))

        @OptionGroup var store: StoreOptions
        @Argument(help: "The CSV file (UTF-8, header row first).") var file: String
        @Option(help: "Compartment to place the imported events (and what hangs from them) in.")
        var compartment = "general"
        @Flag(help: "Check the file and report problems without writing anything.") var dryRun = false
        @Flag(help: "No progress output.") var quiet = false

        func run() async throws {
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("cannot read \(file)") }
            try await store.withOperations("whereabouts.import") { operations in try await importFile(with: operations)
            }
        }

        /// Checks the rows on a thread of its own while the records of rows already checked are written,
        /// all inside one transaction that commits only if every row was valid. At most four batches wait
        /// between the two, so memory stays bounded however long the file is.
        private func importFile(with operations: CommandOperations) async throws {
            let records = operations.records
            let (stream, continuation) = AsyncThrowingStream<SQLRecordStore.NewRecords, any Error>.makeStream()
            let progress = ProgressLine(dryRun ? "Checking rows" : "Checking and writing rows", quiet: quiet)
            let vocabulary = records.vocabularyIndex
            let (file, dryRun) = (file, dryRun)
            let permits = DispatchSemaphore(value: 4)
            let batches = stream.map { batch in
                permits.signal()
                return batch
            }
            let checker = Task {
                try await withCheckedThrowingContinuation { (result: CheckedContinuation<CaseList.Parsed, any Error>) in
                    // Reading and checking is blocking work: it gets its own thread, not the task pool.
                    Thread {
                        do {
                            guard let input = InputStream(fileAtPath: file) else {
                                throw ValidationError("cannot read \(file)")
                            }
                            let parsed = try CaseList.read(
                                input, vocabulary: vocabulary, progress: { progress.update($0) },
                                deliver: dryRun
                                    ? nil
                                    : { batch in
                                        permits.wait()
                                        continuation.yield(batch)
                                    })
                            continuation.finish()
                            result.resume(returning: parsed)
                        } catch {
                            continuation.finish(throwing: error)
                            result.resume(throwing: error)
                        }
                    }.start()
                }
            }
            do {
                if !dryRun {
                    let name = URL(fileURLWithPath: file).lastPathComponent
                    let compartment = compartment
                    // The entry is written once every row is checked and written, in the import's transaction.
                    try await operations.transfers.importRecords(
                        streaming: batches, from: name,
                        details: {
                            let parsed = try await checker.value
                            return [
                                "rows": String(parsed.rows), "format": "csv",
                                "compartment": compartment,
                            ]
                        }, by: .operatorWriter(actor: "import:" + name, compartments: [compartment]),
                        actor: StoreOptions.operatorName, origin: .cli)
                }
                let parsed = try await checker.value
                progress.finish(parsed.rows, note: " rows")
                let summary =
                    "\(parsed.events) events, \(parsed.persons) persons, \(parsed.acts) acts, \(parsed.sources) sources"

                print(dryRun ? "Dry run: \(file) would import \(summary)." : "Imported \(summary) from \(file).")
            } catch let error as CaseList.IssueList {
                progress.finish(0, note: " (stopped)")
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                let count = error.issues.count
                throw CommandFailure("\(file): \(count) problem\(count == 1 ? "" : "s") found; nothing was imported")
            }
        }
    }
}
