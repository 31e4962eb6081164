import ArgumentParser
import Foundation
import WhereaboutsLinkage

/// `whereabouts-bench linkage`: the linker beside Splink (the reference, `run.sh` in the shared bench
/// folder) on the same data in the same run: FEBRL4 (two files), FEBRL3 (deduplication), a synthetic
/// file from `run.sh gen`, or the Korean/Japanese development set (which Splink's script does not
/// take). Ours runs in this process, timed from reading the files to the last link, as Splink's
/// script times itself from loading to the last prediction.
struct LinkageBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linkage", abstract: "Linkage accuracy and wall time beside Splink.")

    @Argument(help: "febrl4, febrl3, cjk, or a CSV file written by run.sh gen.")
    var dataset: String

    @Option(help: "The folder of the linkage fixtures.")
    var fixtures = "../shared/fixtures/linkage"

    @Option(help: "Splink's baseline script.")
    var reference = "../shared/bench/linkage/run.sh"

    @Flag(help: "Skip the reference run.")
    var noReference = false

    func run() throws {
        let started = Date()
        let (table, fields, truth) = try load()
        let settings = try LinkageSettings.forFields(fields, table: table)
        let result = try Linker(table: table, settings: settings).run()
        let predicted = Set(result.matches.map { PairwiseScores.Pair(table.ids[$0.a], table.ids[$0.b]) })
        let seconds = Date().timeIntervalSince(started)
        let scores = PairwiseScores(predicted: predicted, truth: truth)
        let memory = Measure.peakMemoryMiB(pid: getpid()) ?? 0
        print("dataset \(dataset): \(table.count) records, \(result.candidatePairs.count) candidate pairs")
        print("whereabouts: \(Measure.format(seconds, 2)) s, \(scores), peak memory \(Measure.format(memory)) MiB")
        guard !noReference, dataset != "cjk" else { return }
        let reference = try runReference()
        guard let wall = reference["wall_s"] as? Double, let figures = reference["at_p0.5"] as? [String: Any] else {
            throw BenchError("the reference printed no figures")
        }
        let f1 = figures["f1"] as? Double ?? 0
        print(
            "splink: \(Measure.format(wall, 2)) s, precision \(figures["precision"] ?? "?"), recall \(figures["recall"] ?? "?"), F1 \(f1), peak memory \(reference["peak_rss_mb"] ?? "?") MiB"
        )
        print(
            "time ratio (whereabouts / splink): \(Measure.format(seconds / wall, 2)); F1 \(Measure.format(scores.f1, 4)) vs \(f1)"
        )
    }

    private func load() throws -> (LinkTable, [FieldSpec], Set<PairwiseScores.Pair>) {
        let folder = URL(fileURLWithPath: fixtures)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        switch dataset {
        case "febrl4":
            let table = try LinkInput.read([path("febrl4_a.csv"), path("febrl4_b.csv")], idColumn: "rec_id")
            return (table, FieldSpec.febrl, try LinkInput.truthPairs(path("febrl4_true_links.csv")))
        case "febrl3":
            let table = try LinkInput.read([path("febrl3.csv")], idColumn: "rec_id")
            return (table, FieldSpec.febrl, try LinkInput.truthPairs(path("febrl3_true_links.csv")))
        case "cjk":
            let table = try LinkInput.read([path("cjk_names_dev.csv")], idColumn: "record_id")
            let fields = [
                FieldSpec(column: "name_recorded", kind: .personName), FieldSpec(column: "sex", kind: .exact),
                FieldSpec(column: "dob_raw", kind: .date), FieldSpec(column: "place_raw", kind: .place),
            ]
            return (table, fields, try LinkInput.truthPairs(column: "person_id", in: table))
        default:
            let table = try LinkInput.read([dataset], idColumn: "rec_id")
            return (table, FieldSpec.febrl, try LinkInput.truthPairs(column: "cluster", in: table))
        }
    }

    private func runReference() throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [reference, dataset]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("the reference exited with \(process.terminationStatus)")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard let last = lines.last(where: { $0.hasPrefix("{") }),
            let object = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        else { throw BenchError("the reference printed no JSON line") }
        return object
    }
}
