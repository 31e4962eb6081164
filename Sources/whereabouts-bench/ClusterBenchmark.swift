import ArgumentParser
import Foundation
import Logging
import SQLKit
import Synchronization
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsStore

/// `whereabouts-bench cluster`: one and then two `whereabouts serve` on one PostgreSQL, each run on a
/// fresh database, driven by concurrent clients with audited sign-ins (right and wrong passwords),
/// second-factor codes (right and wrong), record writes and token reads, spread over the servers.
/// Afterwards every record a client was told was created must be there exactly once, and
/// `audit verify` must find the log intact. With `--check` (what CI runs) any 5xx, lost or
/// duplicated record or audit problem fails the command.
struct ClusterBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Audited sign-ins and record writes against one and two servers on one PostgreSQL.")

    @Option(help: "A PostgreSQL server to make fresh databases on (default: $WHEREABOUTS_BENCH_DATABASE_URL).")
    var databaseURL: String?
    @Option(help: "How many servers to run, one run per value, in turn (repeat: --servers 1 --servers 2).")
    var servers: [Int] = [1, 2]
    @Option(help: "Concurrent clients.") var clients = 16
    @Option(help: "Password sign-ins per run (one in five with a wrong password).") var signIns = 300
    @Option(help: "Second-factor sign-ins per run (one in five with a wrong code).") var codes = 60
    @Option(help: "Records created per run.") var writes = 400
    @Option(help: "Token-authenticated reads per run.") var reads = 200
    @Option(help: "First port; the servers listen on it and the next ones.") var port = 18_100
    @Flag(help: "Fail unless every run had no 5xx, no lost or duplicated record and an intact audit log.")
    var check = false
    @Flag(help: "Keep the databases and the servers' folders and logs.") var keep = false

    func run() async throws {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["WHEREABOUTS_BENCH_DATABASE_URL"] else {
            throw BenchError("give --database-url or set WHEREABOUTS_BENCH_DATABASE_URL")
        }
        let whereabouts = try Program.whereabouts()
        var failures: [String] = []
        var rows: [String] = []
        for count in servers {
            let cluster = try await Cluster.make(servers: count, serverURL: url, firstPort: port, clients: clients)
            do {
                let result = try await drive(cluster, whereabouts: whereabouts)
                rows += result.rows
                failures += result.failures.map { "\(count) server(s): \($0)" }
            } catch {
                await cluster.stop(keep: keep)
                throw error
            }
            await cluster.stop(keep: keep)
            if keep { print("kept: \(cluster.folder.path), database \(cluster.databaseURL)") }
        }
        print(
            """

            cluster benchmark: PostgreSQL, \(clients) clients, release build recommended
            | servers | requests | count | per second | p50 ms | p95 ms | answers |
            |---|---|---|---|---|---|---|
            \(rows.joined(separator: "\n"))
            """)
        if failures.isEmpty {
            print("\nno 5xx, every created record stored once, audit log intact")
        } else {
            print("\nproblems:\n" + failures.map { "- " + $0 }.joined(separator: "\n"))
            if check { throw ExitCode.failure }
        }
    }

    /// Runs the phases against a started cluster, then checks what it stored.
    func drive(_ cluster: Cluster, whereabouts: Program) async throws -> (rows: [String], failures: [String]) {
        let client = LoadClient(connections: clients * 2)
        var failures: [String] = []
        var rows: [String] = []
        let created = CollectedIDs()

        func phase(_ name: String, _ jobs: [LoadRun.Job]) async {
            let (tallies, seconds) = await LoadRun.run(jobs, clients: clients)
            for (label, tally) in tallies.sorted(by: { $0.key < $1.key }) {
                let sorted = tally.latencies.sorted()
                rows.append(
                    "| \(cluster.ports.count) | \(name): \(label) | \(tally.count) | "
                        + "\(Measure.format(Double(tally.count) / seconds, 1)) | "
                        + "\(Measure.format(Measure.percentile(sorted, 0.5) * 1000, 0)) | "
                        + "\(Measure.format(Measure.percentile(sorted, 0.95) * 1000, 0)) | \(tally.statusSummary) |")
                if tally.serverErrors > 0 {
                    failures.append("\(name), \(label): \(tally.serverErrors) answers were 5xx or none")
                }
            }
        }

        let signIns = (0..<signIns).map { cluster.signInJob($0, client: client) }
        await phase("sign-ins", signIns)
        let writes = (0..<writes).map { cluster.writeJob($0, client: client, created: created) }
        await phase("writes", writes)
        // Everything at once: sign-ins, codes, writes and reads interleaved.
        var mixed: [LoadRun.Job] = []
        mixed += (0..<codes).map { cluster.codeJob($0, client: client) }
        mixed += (0..<reads).map { cluster.readJob($0, client: client) }
        mixed += (0..<self.writes / 2).map { cluster.writeJob(self.writes + $0, client: client, created: created) }
        mixed += (0..<self.signIns / 2).map { cluster.signInJob(self.signIns + $0, client: client) }
        var generator = SystemRandomNumberGenerator()
        await phase("mixed", mixed.shuffled(using: &generator))

        await cluster.stopServers()
        failures += try await cluster.checkRecords(created: created.all)
        failures += cluster.checkAudit(whereabouts)
        for (index, log) in cluster.logs.enumerated() {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let errors = text.split(separator: "\n").filter { $0.contains("error") && !$0.contains("refused") }
            if !errors.isEmpty {
                failures.append("server \(index + 1) logged \(errors.count) errors, first: \(errors[0].prefix(300))")
            }
        }
        return (rows, failures)
    }
}
