import ArgumentParser
import Foundation
import WhereaboutsCore
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
        @Flag(help: "Check the file and report problems without writing anything.") var dryRun = false
        @Flag(help: "No progress output.") var quiet = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            try await store.withStore("whereabouts.import") { records in
                let parsed: [(id: RecordID, body: any RecordBody)]
                do {
                    parsed = try RecordLines.read(data, vocabulary: records.vocabularyIndex)
                } catch let error as RecordLines.IssueList {
                    FileHandle.standardError.write(Data((error.description + "\n").utf8))
                    throw CommandFailure("\(file): \(error.issues.count) problem(s) found; nothing was imported")
                }
                if dryRun {
                    print("Dry run: \(file) would import \(parsed.count) records.")
                    return
                }
                let writing = ProgressLine("Writing records", total: parsed.count, quiet: quiet)
                try await records.createAll(parsed, by: "import:" + URL(fileURLWithPath: file).lastPathComponent) {
                    writing.update($0)
                }
                writing.finish(parsed.count)
                print("Imported \(parsed.count) records from \(file).")
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
        @Flag(help: "Check the file and report problems without writing anything.") var dryRun = false
        @Flag(help: "No progress output.") var quiet = false

        func run() async throws {
            guard let stream = InputStream(fileAtPath: file), FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            try await store.withStore("whereabouts.import") { records in try await importFile(stream, into: records) }
        }

        private func importFile(_ stream: InputStream, into records: SQLRecordStore) async throws {
            let checking = ProgressLine("Checking rows", quiet: quiet)
            let parsed: CaseList.Parsed
            do {
                parsed = try CaseList.read(stream, vocabulary: records.vocabularyIndex) { checking.update($0) }
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                throw CommandFailure(
                    "\(file): \(error.issues.count) problem\(error.issues.count == 1 ? "" : "s") found; nothing was imported"
                )
            }
            checking.finish(parsed.rows, note: " rows are valid")
            let summary =
                "\(parsed.events) events, \(parsed.persons) persons, \(parsed.acts) acts, \(parsed.sources) sources"
            if dryRun {
                print("Dry run: \(file) would import \(summary).")
                return
            }
            let writing = ProgressLine("Writing records", total: parsed.records.count, quiet: quiet)
            try await records.createAll(parsed.records, by: "import:" + URL(fileURLWithPath: file).lastPathComponent) {
                writing.update($0)
            }
            writing.finish(parsed.records.count)
            print("Imported \(summary) from \(file).")
        }
    }
}
