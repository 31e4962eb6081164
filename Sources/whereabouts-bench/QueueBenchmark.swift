import ArgumentParser
import Foundation
import Logging
import WhereaboutsCore
import WhereaboutsStore

/// `whereabouts-bench queue`: the review queue at the size of the lists this product is for (issue
/// 21). Imports the persons of a linkage development file, runs `whereabouts link` over them (time
/// and peak memory), walks the whole queue page by page, takes decisions and links again (the
/// decisions are learnt from), and times review pages over HTTP at the head of the queue, deep in
/// it, in a decided list and for a reviewer who sees only one compartment. Set
/// `WHEREABOUTS_DATABASE_URL` to run it on PostgreSQL.
struct QueueBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Link time and memory, and review page latency, at 100,000 persons.")

    @Flag(help: "Keep the working folder.") var keep = false
    @Option(help: "Port for the benchmark server.") var port = 18_091
    @Option(help: "Persons in the development file: 3000, 20000 or 100000.") var persons = 100_000
    @Option(help: "Where the linkage development files are.") var fixtures = "../shared/fixtures/linkage"
    @Option(help: "Decisions taken before the second run.") var decisions = 1_000
    @Option(help: "Requests per page measured (the median is shown).") var repeats = 7

    func run() async throws {
        let file = persons == 3_000 ? "cjk_names_dev.csv" : "cjk_names_dev_\(persons).csv"
        let whereabouts = try Program.whereabouts()
        let fixture = URL(fileURLWithPath: fixtures).appendingPathComponent(file).path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whereabouts-queue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let data = folder.appendingPathComponent("data").path
        let database = ProcessInfo.processInfo.environment["WHEREABOUTS_DATABASE_URL"].flatMap {
            $0.isEmpty ? nil : $0
        }
        Self.say("Working in \(folder.path) on \(database == nil ? "SQLite" : "PostgreSQL")")

        let general = folder.appendingPathComponent("general.csv")
        let partner = folder.appendingPathComponent("partner.csv")
        let written = try Self.writeCaseLists(
            from: fixture, general: general, partner: partner, partnerSources: ["cn", "gov_jp"])
        try whereabouts.run(["compartments", "add", "partner", "Partner lists", "--data-dir", data])
        let (_, importSeconds) = try await Measure.seconds {
            try whereabouts.run(["import", "csv", general.path, "--data-dir", data, "--quiet"])
            try whereabouts.run([
                "import", "csv", partner.path, "--data-dir", data, "--quiet", "--compartment", "partner",
            ])
        }
        Self.say(
            "Imported \(written.general) + \(written.partner) persons (\(written.undated) birth dates left out) in \(Measure.format(importSeconds)) s"
        )

        let first = try Self.measuredLink(whereabouts, data: data)
        Self.say(
            "first link: \(Measure.format(first.seconds)) s, \(Measure.format(first.peakMiB)) MiB\n\(first.output)")

        let store = try await Self.open(data: data, database: database)
        let (walk, walkSeconds) = try await Measure.seconds { try await Self.walkQueue(store) }
        // Decisions spread over the whole queue, from the likeliest pairs to the least likely.
        let step = max(walk.ids.count / max(decisions, 1), 1)
        let decided = try await Self.decide(
            stride(from: 0, to: walk.ids.count, by: step).prefix(decisions).map { walk.ids[$0] }, in: store)
        let (cookie, partnerCookie) = try await Self.sessions(store)
        await store.close()
        Self.say(
            "walked the queue: \(walk.ids.count) proposals in \(walk.pages) pages of 500 in \(Measure.format(walkSeconds)) s, each once and in order: \(walk.ordered)"
        )

        // Pages of the full queue (less the decided pairs), for a reviewer in both compartments and
        // for one in the partner compartment only (a deep page of what that reviewer may see).
        let partnerStore = try await Self.open(data: data, database: database)
        let partnerWalk = try await Self.walkQueue(
            partnerStore, access: RecordAccess(compartments: ["partner"], seesIdentities: true))
        await partnerStore.close()
        Self.say("the partner reviewer's queue: \(partnerWalk.ids.count) proposals, in order: \(partnerWalk.ordered)")
        let open = walk.ids.filter { !decided.ids.contains($0) }
        let server = try whereabouts.start([
            "serve", "--data-dir", data, "--port", String(port), "--log-level", "error",
        ])
        try await Program.waitUntilReady(port: port)
        let base = "http://127.0.0.1:\(port)/review"
        let pages: [(String, String, String)] = [
            ("queue, first page", base, cookie),
            ("queue, 90 % deep (after=)", base + "?after=\(open[open.count * 9 / 10])", cookie),
            ("queue, last page", base + "?after=\(open[open.count - 10])", cookie),
            ("decided 'different'", base + "?list=different", cookie),
            ("tracing requests only", base + "?list=tracing", cookie),
            ("partner reviewer, first page", base, partnerCookie),
            (
                "partner reviewer, 90 % deep",
                base + "?after=\(partnerWalk.ids[partnerWalk.ids.count * 9 / 10])", partnerCookie
            ),
        ]
        var rows: [String] = []
        for (label, url, cookie) in pages {
            let times = try await Self.time(url, cookie: cookie, repeats: repeats)
            rows.append("| \(label) | \(Measure.format(times.median * 1000)) | \(Measure.format(times.max * 1000)) |")
        }
        server.terminate()
        server.waitUntilExit()

        let second = try Self.measuredLink(whereabouts, data: data)
        Self.say(
            "second link (\(decided.same) same, \(decided.different) different decided): \(Measure.format(second.seconds)) s, \(Measure.format(second.peakMiB)) MiB\n\(second.output)"
        )
        let reopened = try await Self.open(data: data, database: database)
        let rewalk = try await Self.walkQueue(reopened)
        await reopened.close()
        Self.say(
            """

            queue benchmark: \(file), \(written.general + written.partner) persons, \(database == nil ? "SQLite" : "PostgreSQL")
            | measure | value |
            |---|---|
            | link, first run, s | \(Measure.format(first.seconds)) |
            | link, first run, peak memory MiB | \(Measure.format(first.peakMiB)) |
            | link, after \(decided.total) decisions, s | \(Measure.format(second.seconds)) |
            | link, after decisions, peak memory MiB | \(Measure.format(second.peakMiB)) |
            | proposals in the queue after the first run | \(walk.ids.count) |
            | whole queue walked by the store, 500 a page, s | \(Measure.format(walkSeconds)) |
            | proposals in the queue after the second run | \(rewalk.ids.count) |

            | review page (20 pairs, HTTP, signed in) | median ms | max ms |
            |---|---|---|
            \(rows.joined(separator: "\n"))
            """)
    }

    /// Prints at once (standard output is buffered when it is a file): each figure as it is measured.
    static func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

    /// Runs `whereabouts link`, with its time and its peak resident memory (sampled every 50 ms).
    static func measuredLink(_ whereabouts: Program, data: String) throws -> (
        seconds: Double, peakMiB: Double, output: String
    ) {
        let process = Process()
        process.executableURL = whereabouts.executable
        process.arguments = ["link", "--data-dir", data, "--quiet"]
        process.environment = Program.environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        let start = Date()
        try process.run()
        var peak = 0.0
        while process.isRunning {
            peak = max(peak, Measure.peakMemoryMiB(pid: process.processIdentifier) ?? 0)
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw BenchError("link failed") }
        return (seconds, peak, printed.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The store of the data folder, on SQLite or on `database`.
    static func open(data: String, database: String?) async throws -> SQLRecordStore {
        let logger = Logger(label: "bench")
        let handle: any DatabaseHandle =
            if let database {
                try await PostgresHandle.open(url: database, logger: logger)
            } else {
                try await SQLiteHandle.open(path: data + "/whereabouts.sqlite", logger: logger)
            }
        return try await SQLRecordStore.open(
            handle, clock: { Date() }, logger: logger, protection: try Program.protection(dataDirectory: data))
    }

    /// Every proposal in the queue, page after page, and whether each came once and in queue order.
    static func walkQueue(
        _ store: SQLRecordStore, access: RecordAccess = .operatorAccess
    ) async throws -> (ids: [Int], pages: Int, ordered: Bool) {
        var ids: [Int] = []
        var seen = Set<Int>()
        var ordered = true
        var last = -1.0
        var pages = 0
        while true {
            let page = try await store.matchProposals(access: access, limit: 500, after: ids.last)
            pages += 1
            for proposal in page {
                let uncertainty = abs(proposal.probability - 0.5)
                ordered = ordered && uncertainty >= last && seen.insert(proposal.id).inserted
                last = uncertainty
                ids.append(proposal.id)
            }
            if page.count < 500 { break }
        }
        return (ids, pages, ordered)
    }

    /// Decides `ids` as the model would: more likely than not the same person is judged the same,
    /// the rest not (the benchmark has no truth to go by, and a reviewer who agrees with the model
    /// should not move it far; what is measured is that the decisions are read and learnt from).
    static func decide(_ ids: [Int], in store: SQLRecordStore) async throws -> (
        same: Int, different: Int, total: Int, ids: Set<Int>
    ) {
        var same = 0
        for id in ids {
            guard let proposal = try await store.matchProposal(id, access: .operatorAccess) else { continue }
            let status: MatchProposal.Status = proposal.probability >= 0.5 ? .same : .different
            _ = try await store.decide(id, status: status, by: "bench", access: .operatorAccess, at: Date())
            if status == .same { same += 1 }
        }
        return (same, ids.count - same, ids.count, Set(ids))
    }

    /// Signed-in sessions of two analysts: one in every compartment, one in `partner` only.
    static func sessions(_ store: SQLRecordStore) async throws -> (all: String, partner: String) {
        let accounts = AccountStore(store: store, clock: { Date() })
        var cookies: [String] = []
        for (name, compartments) in [("bench", ["general", "partner"]), ("partner", ["partner"])] {
            let (account, _) = try await accounts.createAccount(
                username: name, role: .analyst, compartments: compartments)
            cookies.append(
                "wh_session="
                    + (try await accounts.createSession(account: account, secondFactorDone: true, address: nil)))
        }
        return (cookies[0], cookies[1])
    }
}
