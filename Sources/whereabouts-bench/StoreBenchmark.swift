import ArgumentParser
import CSV
import Foundation
import Logging
import SQLKit
import SQLiteKit
import WhereaboutsCore
import WhereaboutsDemo
import WhereaboutsStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `whereabouts-bench store`: import rate of the CLI against a plain SQLite bulk insert of the same
/// rows, API search latency against the same FTS query run directly, and the server's peak memory.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Import, search and memory of the store, beside plain SQLite.")

    @Option(help: "Events in the generated case list.") var events = 100_000
    @Option(help: "Victims per event.") var personsPerEvent = 3
    @Option(help: "Search requests per query term, through the API and directly.") var repeats = 20
    @Option(help: "Port for the benchmark server.") var port = 18_089
    @Flag(help: "Keep the working folder.") var keep = false

    func run() async throws {
        let whereabouts = try Program.whereabouts()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whereabouts-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        print("Working in \(folder.path)")

        let csv = folder.appendingPathComponent("cases.csv")
        let (rows, generation) = try await Measure.seconds { try writeCaseList(to: csv) }
        print(
            "Generated \(rows) case rows (\(events) events × \(personsPerEvent) victims) in \(Measure.format(generation)) s"
        )

        Measure.settle()
        let (_, plainSeconds) = try await Measure.seconds {
            try await PlainSQLite.bulkInsert(csv: csv, into: folder.appendingPathComponent("plain.sqlite"))
        }
        Measure.settle()
        let (records, plainRecordsSeconds) = try await Measure.seconds {
            try await PlainSQLite.bulkInsertRecords(
                csv: csv, into: folder.appendingPathComponent("plain-records.sqlite"))
        }
        let dataDirectory = folder.appendingPathComponent("data").path
        Measure.settle()
        let (_, importSeconds) = try await Measure.seconds {
            try whereabouts.run(["import", "csv", csv.path, "--data-dir", dataDirectory, "--quiet"])
        }
        let importMemory = Measure.childrenPeakMemoryMiB()

        // The API needs an account: an analyst (sees identities) in the compartment the import used.
        try whereabouts.run(["users", "add", "bench", "--role", "analyst", "--data-dir", dataDirectory])
        let token = try whereabouts.run(["users", "token", "bench", "--data-dir", dataDirectory])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // The analyst is in every compartment there is (only `general`): the store then scans without a
        // per-row visibility test, and so does the direct query.
        let access = RecordAccess(compartments: nil, seesIdentities: true)

        let server = try whereabouts.start([
            "serve", "--data-dir", dataDirectory, "--port", String(port), "--log-level", "error",
        ])
        defer { server.terminate() }
        try await Program.waitUntilReady(port: port)
        let terms = [
            "납북", "상납금", "拉致", "行方不明", "鳥取県", "Vladivostok", "phishing", "forced return", "coastal town", "Курская",
        ]
        var api: [Double] = []
        var direct: [Double] = []
        let database = try await SQLiteConnection.open(
            storage: .file(path: dataDirectory + "/whereabouts.sqlite"), logger: Logger(label: "bench"))
        // The store (opened beside the server with the installation's key) supplies each term's
        // blind-index digests, so the direct query is exactly the statement the API runs.
        let logger = Logger(label: "bench")
        let keyed = try await SQLRecordStore.open(
            try await SQLiteHandle.open(path: dataDirectory + "/whereabouts.sqlite", logger: logger),
            clock: { Date() }, logger: logger, protection: try Program.protection(dataDirectory: dataDirectory))
        for _ in 0..<repeats {
            for term in terms {
                api.append(try await apiSearch(term, token: token))
                direct.append(try await directSearch(term, access: access, store: keyed, on: database.sql()))
            }
        }
        await keyed.close()
        try await database.close()
        let serverMemory = Measure.peakMemoryMiB(pid: server.processIdentifier) ?? .nan

        let plainRate = Double(rows) / plainSeconds
        let plainRecordsRate = Double(rows) / plainRecordsSeconds
        let importRate = Double(rows) / importSeconds
        let apiP50 = Measure.percentile(api, 0.5) * 1000
        let apiP95 = Measure.percentile(api, 0.95) * 1000
        let directP50 = Measure.percentile(direct, 0.5) * 1000
        let directP95 = Measure.percentile(direct, 0.95) * 1000
        print(
            """

            store benchmark: \(events) events, \(events * personsPerEvent) persons, \(rows) case rows
            | measure | Whereabouts | reference | ratio | target |
            |---|---|---|---|---|
            | import, case rows/s | \(Measure.format(importRate, 0)) (CLI, \(Measure.format(importSeconds)) s) | \(Measure.format(plainRecordsRate, 0)) (the same \(records) records as JSON rows, plain bulk insert, \(Measure.format(plainRecordsSeconds)) s) | \(Measure.format(importRate / plainRecordsRate, 2)) | ≥ 0.5 |
            | import, case rows/s | | \(Measure.format(plainRate, 0)) (the CSV rows into one plain table, \(Measure.format(plainSeconds)) s) | \(Measure.format(importRate / plainRate, 2)) | |
            | search p50, ms | \(Measure.format(apiP50, 2)) (API over HTTP) | \(Measure.format(directP50, 2)) (same FTS query, direct) | \(Measure.format(apiP50 / directP50, 2)) | ≤ 3 |
            | search p95, ms | \(Measure.format(apiP95, 2)) | \(Measure.format(directP95, 2)) | \(Measure.format(apiP95 / directP95, 2)) | ≤ 3 |
            | server peak memory, MiB | \(Measure.format(serverMemory)) | | | ≤ 300 |
            | import peak memory, MiB | \(Measure.format(importMemory)) | | | |
            """)
    }

    /// The demonstration data set as a case list: one row per act, with its event, victim and testimony.
    private func writeCaseList(to url: URL) throws -> Int {
        guard FileManager.default.createFile(atPath: url.path, contents: CSVRows.data([CaseList.columns])),
            let file = try? FileHandle(forWritingTo: url)
        else { throw BenchError("cannot write \(url.path)") }
        defer { try? file.close() }
        try file.seekToEnd()
        var rows = 0
        try DemoDataSet(events: events, personsPerEvent: personsPerEvent, seed: 7).batches(of: 5_000) { batch in
            let bodies = Dictionary(batch.map { ($0.id, $0.body) }, uniquingKeysWith: { first, _ in first })
            var lines: [[String]] = []
            for case let (_, act as Act) in batch {
                guard let event = bodies[act.eventID] as? Event, let person = bodies[act.victimID] as? Person else {
                    continue
                }
                let source = act.sourceIDs.first.flatMap { bodies[$0] as? Source }
                lines.append(
                    CaseList.row(
                        eventKey: act.eventID.description, personKey: act.victimID.description, act: act, event: event,
                        person: person, source: source))
            }
            try file.write(contentsOf: CSVRows.data(lines))
            rows += lines.count
        }
        return rows
    }

    private func apiSearch(_ term: String, token: String) async throws -> Double {
        var components = URLComponents(string: "http://127.0.0.1:\(port)/api/v1/search")!
        components.queryItems = [URLQueryItem(name: "q", value: term)]
        var request = URLRequest(url: components.url!)
        request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        let ((data, response), seconds) = try await Measure.seconds {
            try await URLSession.shared.data(for: request)
        }
        guard (response as? HTTPURLResponse)?.statusCode == 200, !data.isEmpty else {
            throw BenchError("search for \(term) failed")
        }
        return seconds
    }

    /// The SQL the store runs for a text search, run straight on the database file.
    private func directSearch(
        _ term: String, access: RecordAccess, store: SQLRecordStore, on db: any SQLDatabase
    ) async throws -> Double {
        let statement = try SQLRecordStore.searchStatement(
            SearchQuery(text: term), access: access, blind: store.blindQuery(term, access: access), dialect: .sqlite)
        let (_, seconds) = try await Measure.seconds { try await db.raw(statement).all() }
        return seconds
    }
}

extension PlainSQLite {
    /// The second reference: the records the import makes from the CSV (read and checked the same
    /// way), each as one JSON row of a plain `(id, kind, body)` table, in one transaction, 100 rows a
    /// statement — the store without versions, references, facets or search. Returns the record count.
    static func bulkInsertRecords(csv: URL, into file: URL) async throws -> Int {
        guard let stream = InputStream(url: csv) else { throw BenchError("cannot read \(csv.path)") }
        let connection = try await SQLiteConnection.open(
            storage: .file(path: file.path), logger: Logger(label: "bench"))
        let db = connection.sql()
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] {
            try await db.raw(SQLQueryString(stringLiteral: pragma)).run()
        }
        try await db.raw("CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL)").run()
        let vocabulary = VocabularyIndex(try HuridocsThesaurus.bundled() + BuiltInVocabulary.terms)
        let parsed = try CaseList.read(stream, vocabulary: vocabulary)
        let encoder = JSONEncoder()
        try await db.raw("BEGIN").run()
        for chunk in stride(from: 0, to: parsed.records.count, by: 100) {
            let values: [SQLQueryString] = try parsed.records[chunk..<min(chunk + 100, parsed.records.count)].map {
                item in
                let body = String(decoding: try encoder.encode(item.body), as: UTF8.self)
                return "(\(bind: item.id.description), \(bind: type(of: item.body).kind.rawValue), \(bind: body))"
            }
            try await db.raw("INSERT INTO records VALUES \(values.joined(separator: ", "))").run()
        }
        try await db.raw("COMMIT").run()
        try await connection.close()
        return parsed.records.count
    }
}

/// The reference: the same CSV rows inserted into one plain table, in one transaction, in
/// multi-row statements of 100 rows, with the same durability settings as the store.
enum PlainSQLite {
    static func bulkInsert(csv: URL, into file: URL) async throws {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: file.path), logger: Logger(label: "bench"))
        let db = connection.sql()
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"] {
            try await db.raw(SQLQueryString(stringLiteral: pragma)).run()
        }
        let columns = CaseList.columns
        try await db.raw(
            SQLQueryString(
                stringLiteral: "CREATE TABLE cases (" + columns.map { "\($0) TEXT" }.joined(separator: ", ") + ")")
        ).run()
        guard let stream = InputStream(url: csv) else { throw BenchError("cannot read \(csv.path)") }
        let reader = try CSVReader(stream: stream, hasHeaderRow: true)
        try await db.raw("BEGIN").run()
        var pending: [SQLQueryString] = []
        func flush() async throws {
            guard !pending.isEmpty else { return }
            let statement: SQLQueryString =
                "INSERT INTO cases VALUES \(pending.joined(separator: ", "))"
            try await db.raw(statement).run()
            pending.removeAll(keepingCapacity: true)
        }
        while let row = reader.next() {
            pending.append("(\(binds: row.map { $0.isEmpty ? nil : $0 }))")
            if pending.count == 100 { try await flush() }
        }
        try await flush()
        try await db.raw("COMMIT").run()
        try await connection.close()
    }
}
