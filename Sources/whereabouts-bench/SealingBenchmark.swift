import ArgumentParser
import Foundation
import Logging
import WhereaboutsCore
import WhereaboutsDemo
import WhereaboutsStore

/// `whereabouts-bench sealing`: what sealing identities costs. The same records are imported into
/// two fresh SQLite stores in this process — one sealing identities (AES-GCM, blind index under
/// keyed HMAC), one keeping them in clear text (the baseline, used nowhere else) — and a page of 50
/// persons is read from each, alternating, many times.
struct SealingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sealing", abstract: "Import rate and person-page latency with and without sealed identities.")

    @Option(help: "Events in the demonstration data imported into each store.") var events = 20_000
    @Option(help: "Victims per event.") var personsPerEvent = 3
    @Option(help: "Page reads of 50 persons per store.") var pages = 400

    func run() async throws {
        let report = try await Self.measure(events: events, personsPerEvent: personsPerEvent, pages: pages)
        print(report)
    }

    static func measure(events: Int, personsPerEvent: Int, pages: Int) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whereabouts-sealing-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = DemoDataSet(events: events, personsPerEvent: personsPerEvent, seed: 5).records()
        let persons = data.filter { $0.body is Person }.count
        var logger = Logger(label: "bench")
        logger.logLevel = .error

        var stores: [(label: String, store: SQLRecordStore, seconds: Double)] = []
        // Alternate the order between the two imports' preparation so neither always runs on a warm cache.
        for (label, protection) in [("clear", IdentityProtection.none), ("sealed", .sealed(.ephemeral()))] {
            let handle = try await SQLiteHandle.open(
                path: folder.appendingPathComponent("\(label).sqlite").path, logger: logger)
            let store = try await SQLRecordStore.open(handle, clock: { Date() }, logger: logger, protection: protection)
            let (_, seconds) = try await Measure.seconds {
                try await store.createAll(data, by: .operatorWriter(actor: "bench"))
            }
            stores.append((label, store, seconds))
        }
        var latencies: [String: [Double]] = [:]
        var cursors: [String: String?] = [:]
        for round in 0..<pages {
            for entry in (round % 2 == 0 ? stores : stores.reversed()) {
                let (page, seconds) = try await Measure.seconds {
                    try await entry.store.list(
                        .person, access: .operatorAccess, cursor: cursors[entry.label] ?? nil, limit: 50)
                }
                guard page.items.count == 50 || page.nextCursor == nil else { throw BenchError("short page") }
                cursors[entry.label] = page.nextCursor
                latencies[entry.label, default: []].append(seconds)
            }
        }
        for entry in stores { await entry.store.close() }
        let clear = stores[0], sealed = stores[1]
        let clearRate = Double(data.count) / clear.seconds
        let sealedRate = Double(data.count) / sealed.seconds
        let clearP50 = Measure.percentile(latencies["clear"] ?? [], 0.5) * 1000
        let sealedP50 = Measure.percentile(latencies["sealed"] ?? [], 0.5) * 1000
        let clearP95 = Measure.percentile(latencies["clear"] ?? [], 0.95) * 1000
        let sealedP95 = Measure.percentile(latencies["sealed"] ?? [], 0.95) * 1000
        return """

            sealing benchmark: \(data.count) records (\(persons) persons), imported in one transaction into each store; \(pages) pages of 50 persons from each
            | measure | sealed | clear (baseline) | cost | target |
            |---|---|---|---|---|
            | import, records/s | \(Measure.format(sealedRate, 0)) (\(Measure.format(sealed.seconds)) s) | \(Measure.format(clearRate, 0)) (\(Measure.format(clear.seconds)) s) | \(Measure.format((1 - sealedRate / clearRate) * 100, 1)) % slower | ≤ 25 % |
            | page of 50 persons p50, ms | \(Measure.format(sealedP50, 2)) | \(Measure.format(clearP50, 2)) | \(Measure.format(sealedP50 / clearP50, 2))× | ≤ 2× |
            | page of 50 persons p95, ms | \(Measure.format(sealedP95, 2)) | \(Measure.format(clearP95, 2)) | \(Measure.format(sealedP95 / clearP95, 2))× | |
            """
    }
}
