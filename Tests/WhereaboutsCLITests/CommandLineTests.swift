import Foundation
import Logging
import SQLiteKit
import Testing
import WhereaboutsCore
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("command line", .serialized)
struct CommandLineTests {
    @Test("demo, export csv and import csv round-trip through real files and processes")
    func roundTrip() throws {
        let first = try CommandLineTool()
        let second = try CommandLineTool()
        defer {
            first.cleanUp()
            second.cleanUp()
        }
        #expect(try first.run(["demo", "--events", "12", "--quiet"]).status == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: first.databasePath)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0, "the database is private to its owner")
        let csv = first.dataDirectory.appendingPathComponent("cases.csv").path
        #expect(try first.run(["export", "csv", "-o", csv, "--quiet"]).status == 0)
        let imported = try second.run(["import", "csv", csv, "--quiet"])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("Imported 12 events, 36 persons, 36 acts, 12 sources"))
        let lines = try second.run(["export", "jsonl"]).output.split(separator: "\n")
        #expect(lines.count == 12 + 36 + 36 + 12)
    }

    @Test("a bad file is refused with every problem's line and column, and nothing is written")
    func refusesBadFiles() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        let csv = tool.dataDirectory.appendingPathComponent("bad.csv")
        try """
        event_title,name,violation_type,event_date
        Good,김영희,abduction,1977
        Bad,이순옥,abduction,30 February 1978
        Worse,박,not-a-type,1977
        """.write(to: csv, atomically: true, encoding: .utf8)
        let outcome = try tool.run(["import", "csv", csv.path])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("line 3, event_date"))
        #expect(outcome.errors.contains("line 4, violation_type"))
        #expect(outcome.errors.contains("nothing was imported"))
        #expect(try await Self.count(tool.databasePath) == 0)
    }

    @Test("a bad row after thousands of good ones, already being written, still leaves nothing written")
    func lateBadRow() async throws {
        let source = try CommandLineTool()
        let target = try CommandLineTool()
        defer {
            source.cleanUp()
            target.cleanUp()
        }
        #expect(try source.run(["demo", "--events", "900", "--quiet"]).status == 0)
        let csv = source.dataDirectory.appendingPathComponent("cases.csv")
        #expect(try source.run(["export", "csv", "-o", csv.path, "--quiet"]).status == 0)
        let handle = try FileHandle(forWritingTo: csv)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(",Late,,1978-02-30,,,,,김,,,,,,abduction,,,,,,,,,,\n".utf8))
        try handle.close()
        let outcome = try target.run(["import", "csv", csv.path, "--quiet"])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("line 2702, event_date"), "\(outcome.errors)")
        #expect(try await Self.count(target.databasePath) == 0)
    }

    @Test("killing an import at any moment leaves a consistent store with all of it or none of it")
    func killedImport() async throws {
        let source = try CommandLineTool()
        defer { source.cleanUp() }
        #expect(try source.run(["demo", "--events", "1500", "--quiet"]).status == 0)
        let csv = source.dataDirectory.appendingPathComponent("cases.csv").path
        #expect(try source.run(["export", "csv", "-o", csv, "--quiet"]).status == 0)
        for delay in [150, 400, 900, 1_600] {
            let target = try CommandLineTool()
            defer { target.cleanUp() }
            #expect(try target.run(["vocab", "list"]).status == 0)
            let process = try target.start(["import", "csv", csv, "--quiet"])
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let count = try await Self.count(target.databasePath)
            #expect(count == 0 || count == 1_500 * 3 + 1_500 * 3 + 1_500 + 1_500, "killed after \(delay) ms: \(count)")
            #expect(try await Self.integrity(target.databasePath) == "ok")
        }
    }

    /// Live records in a store file, read with plain SQLite.
    static func count(_ path: String) async throws -> Int {
        try await withDatabase(path) { db in
            try await db.raw("SELECT COUNT(*) AS n FROM records WHERE deleted = 0").first(
                decodingColumn: "n", as: Int.self) ?? -1
        }
    }

    static func integrity(_ path: String) async throws -> String {
        try await withDatabase(path) { db in
            try await db.raw("PRAGMA integrity_check").first(decodingColumn: "integrity_check", as: String.self) ?? ""
        }
    }

    static func withDatabase<T>(_ path: String, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: TestDatabase.logger)
        do {
            let result = try await body(connection.sql())
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
