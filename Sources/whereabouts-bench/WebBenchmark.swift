import ArgumentParser
import Foundation
import Logging
import WhereaboutsCore
import WhereaboutsStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `whereabouts-bench web`: with the demonstration data loaded, `wrk` against the event page in a
/// signed-in session, beside `/healthz` in the same run (target: the page holds at least a third of
/// the health check's requests per second, with no errors).
struct WebBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web", abstract: "Requests per second of the event page, beside /healthz, with wrk.")

    @Option(help: "Demonstration events to load.") var events = 2_000
    @Option(help: "Seconds per wrk run.") var duration = 15
    @Option(help: "wrk connections.") var connections = 32
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "Port for the benchmark server.") var port = 18_090
    @Flag(help: "Keep the working folder.") var keep = false

    func run() async throws {
        guard let wrk = Program.find("wrk") else { throw BenchError("wrk is not installed (apt-get install wrk)") }
        let whereabouts = try Program.whereabouts()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whereabouts-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let data = folder.appendingPathComponent("data").path
        try whereabouts.run(["demo", "--events", String(events), "--data-dir", data, "--quiet"])

        // A signed-in analyst (sees identities, so the page shows names) and an event with acts.
        let (cookie, eventPath) = try await Self.session(dataDirectory: data)
        let server = try whereabouts.start([
            "serve", "--data-dir", data, "--port", String(port), "--log-level", "error",
        ])
        defer { server.terminate() }
        try await Program.waitUntilReady(port: port)

        let base = "http://127.0.0.1:\(port)"
        // The measured page must be the page itself, not a redirect to sign in.
        let status = try Program(executable: URL(fileURLWithPath: "/usr/bin/env")).run([
            "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Cookie: " + cookie, base + eventPath,
        ])
        guard status == "200" else { throw BenchError("the event page answered \(status), not 200") }
        _ = try wrk.run(["-t", "1", "-c", "4", "-d", "2s", base + eventPath, "-H", "Cookie: " + cookie])  // warm up
        let health = try Self.measure(
            wrk, base + "/healthz", threads: threads, connections: connections, seconds: duration, headers: [])
        let page = try Self.measure(
            wrk, base + eventPath, threads: threads, connections: connections, seconds: duration,
            headers: ["Cookie: " + cookie])
        let memory = Measure.peakMemoryMiB(pid: server.processIdentifier) ?? .nan
        print(
            """

            web benchmark: \(events) demonstration events, wrk -t\(threads) -c\(connections) -d\(duration)s
            | measure | requests/s | p50 ms | p99 ms | errors |
            |---|---|---|---|---|
            | /healthz | \(Measure.format(health.rate, 0)) | \(health.p50) | \(health.p99) | \(health.errors) |
            | event page, signed in | \(Measure.format(page.rate, 0)) | \(page.p50) | \(page.p99) | \(page.errors) |
            | ratio (target ≥ 0.33, no errors) | \(Measure.format(page.rate / health.rate, 2)) | | | |
            | server peak memory, MiB | \(Measure.format(memory)) | | | |
            """)
    }

    struct Result {
        let rate: Double
        let p50: String
        let p99: String
        let errors: Int
    }

    static func measure(
        _ wrk: Program, _ url: String, threads: Int, connections: Int, seconds: Int, headers: [String]
    ) throws -> Result {
        var arguments = ["-t", String(threads), "-c", String(connections), "-d", "\(seconds)s", "--latency", url]
        for header in headers { arguments += ["-H", header] }
        let output = try wrk.run(arguments)
        func number(after label: String) -> String? {
            output.components(separatedBy: "\n").first { $0.contains(label) }?
                .components(separatedBy: label).last?.trimmingCharacters(in: .whitespaces)
                .components(separatedBy: " ").first { !$0.isEmpty }
        }
        let rate = Double(number(after: "Requests/sec:") ?? "") ?? 0
        let non2xx = Int(number(after: "Non-2xx or 3xx responses:") ?? "") ?? 0
        let socket =
            output.components(separatedBy: "\n").first { $0.contains("Socket errors:") }
            .map { line in
                line.components(separatedBy: CharacterSet.decimalDigits.inverted).compactMap(Int.init).reduce(0, +)
            } ?? 0
        // The latency distribution's lines read "     50%    1.23ms".
        func percentile(_ label: String) -> String {
            output.components(separatedBy: "\n").first {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " ")
            }?
            .trimmingCharacters(in: .whitespaces).dropFirst(label.count).trimmingCharacters(in: .whitespaces) ?? "?"
        }
        return Result(rate: rate, p50: percentile("50%"), p99: percentile("99%"), errors: non2xx + socket)
    }

    /// Opens the data folder directly (as the operator) to make a signed-in session, and picks an
    /// event that has acts.
    static func session(dataDirectory: String) async throws -> (cookie: String, eventPath: String) {
        let logger = Logger(label: "bench")
        let handle = try await SQLiteHandle.open(path: dataDirectory + "/whereabouts.sqlite", logger: logger)
        let store = try await SQLRecordStore.open(
            handle, clock: { Date() }, logger: logger, protection: try Program.protection(dataDirectory: dataDirectory))
        let accounts = AccountStore(store: store, clock: { Date() })
        let (account, _) = try await accounts.createAccount(
            username: "bench", role: .analyst, compartments: ["general"])
        let token = try await accounts.createSession(account: account, secondFactorDone: true, address: nil)
        var eventPath = ""
        for event in try await store.list(.event, access: .operatorAccess, limit: 50).items
        where try await !store.referrers(of: event.id, kinds: [.act], access: .operatorAccess).isEmpty {
            eventPath = "/events/\(event.id)"
            break
        }
        await store.close()
        guard !eventPath.isEmpty else { throw BenchError("no event with acts in the demonstration data") }
        return ("wh_session=" + token, eventPath)
    }

}
