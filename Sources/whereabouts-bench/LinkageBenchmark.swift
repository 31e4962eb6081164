import ArgumentParser
import Foundation
import WhereaboutsLinkage

/// `whereabouts-bench linkage`: the linker beside Splink (the reference, `run.sh` in the shared bench
/// folder) on the same data in the same run: FEBRL4 (two files), FEBRL3 (deduplication), a synthetic
/// file from `run.sh gen`, or the Korean/Japanese development sets of 3,000, 20,000 and 100,000
/// persons (which Splink's script does not take: it reads FEBRL's columns only). Ours runs in this process, timed from reading the files to the last link, as Splink's
/// script times itself from loading to the last prediction.
struct LinkageBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linkage", abstract: "Linkage accuracy and wall time beside Splink.")

    @Argument(help: "febrl4, febrl3, cjk, cjk20k, cjk100k, or a CSV file written by run.sh gen.")
    var dataset: String

    @Option(help: "The folder of the linkage fixtures.")
    var fixtures = "../shared/fixtures/linkage"

    @Option(help: "Splink's baseline script.")
    var reference = "../shared/bench/linkage/run.sh"

    @Flag(help: "Skip the reference run.")
    var noReference = false

    @Option(help: "Write the false links and the missed pairs, each with its explanation, to this CSV file.")
    var errors: String?

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
        print(
            "stages: "
                + result.stageSeconds.map { "\($0.stage) \(Measure.format($0.seconds, 2)) s" }.joined(separator: ", "))
        print(
            "model: λ \(result.model.lambda)"
                + (result.model.sameListLambda.map { ", within one list \($0)" } ?? "")
                + ", \(result.model.iterations) iterations")
        for (c, comparator) in settings.comparators.enumerated() {
            let levels = comparator.levelNames.indices.map { Measure.format(result.model.weight(c, level: $0), 2) }
            print("  \(comparator.name): " + levels.joined(separator: " "))
        }
        print("blocking:")
        for rule in result.blocking { print("  " + rule.summary) }
        if let errors { try writeErrors(result, table: table, settings: settings, truth: truth, to: errors) }
        guard !noReference, Self.cjk[dataset] == nil else {
            if Self.cjk[dataset] != nil { print("splink: not run (its script reads FEBRL's columns only)") }
            return
        }
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

    /// The Korean and Japanese development sets, by benchmark name.
    static let cjk = [
        "cjk": "cjk_names_dev.csv", "cjk20k": "cjk_names_dev_20000.csv", "cjk100k": "cjk_names_dev_100000.csv",
    ]

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
        case let name where Self.cjk[name] != nil:
            let table = try LinkInput.read([path(Self.cjk[name]!)], idColumn: "record_id")
            let fields = [
                FieldSpec(column: "name_recorded", kind: .personName), FieldSpec(column: "sex", kind: .exact),
                FieldSpec(column: "dob_raw", kind: .date), FieldSpec(column: "place_raw", kind: .place),
                FieldSpec(column: "source", kind: .list),
            ]
            return (table, fields, try LinkInput.truthPairs(column: "person_id", in: table))
        default:
            let table = try LinkInput.read([dataset], idColumn: "rec_id")
            return (table, FieldSpec.febrl, try LinkInput.truthPairs(column: "cluster", in: table))
        }
    }

    /// False links and missed true pairs, one a line: both records' fields, the pair's weight (when
    /// blocking proposed it) and each comparator's level.
    private func writeErrors(
        _ result: LinkageResult, table: LinkTable, settings: LinkageSettings, truth: Set<PairwiseScores.Pair>,
        to path: String
    ) throws {
        let linker = try Linker(table: table, settings: settings)
        let index = Dictionary(uniqueKeysWithValues: table.ids.enumerated().map { ($1, $0) })
        let predicted = Dictionary(
            result.matches.map { (PairwiseScores.Pair(table.ids[$0.a], table.ids[$0.b]), $0.weight) },
            uniquingKeysWith: { a, _ in a })
        let columns = table.columns.keys.sorted()
        func describe(_ record: Int) -> String {
            columns.map { table.columns[$0]![record] ?? "" }.joined(separator: " | ")
        }
        var lines = ["kind,weight,a,b,levels"]
        func line(_ kind: String, _ pair: PairwiseScores.Pair) {
            guard let a = index[pair.first], let b = index[pair.second] else { return }
            let weight = result.candidateWeight(a, b).map { Measure.format($0, 2) } ?? "not proposed"
            let levels = linker.explain(a, b, model: result.model).map { "\($0.comparator)=\($0.level)" }
            let fields = [kind, weight, describe(a), describe(b), levels.joined(separator: "; ")]
            lines.append(
                fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ","))
        }
        // Each comparator's levels among the candidates, true pairs and others apart.
        var tally: [String: [Int]] = [:]
        for candidate in result.candidates {
            let same = truth.contains(PairwiseScores.Pair(table.ids[candidate.a], table.ids[candidate.b]))
            for part in linker.explain(candidate.a, candidate.b, model: result.model) {
                tally["\(part.comparator)=\(part.level)", default: [0, 0]][same ? 0 : 1] += 1
            }
        }
        for (level, counts) in tally.sorted(by: { $0.key < $1.key }) {
            lines.append("\"levels\",\"\",\"\(level)\",\"true \(counts[0]) other \(counts[1])\",\"\"")
        }
        // Each comparison pattern among the candidates: true and other pairs, linked and not.
        var patterns: [String: [Int]] = [:]
        for candidate in result.candidates {
            let pair = PairwiseScores.Pair(table.ids[candidate.a], table.ids[candidate.b])
            let same = truth.contains(pair)
            let linked = predicted[pair] != nil
            let pattern = linker.explain(candidate.a, candidate.b, model: result.model).map(\.level)
                .joined(separator: "; ")
            patterns[pattern, default: [0, 0, 0, 0]][(same ? 0 : 1) + (linked ? 0 : 2)] += 1
        }
        for (pattern, counts) in patterns.sorted(by: { $0.value.reduce(0, +) > $1.value.reduce(0, +) }) {
            lines.append(
                "\"pattern\",\"\",\"\(pattern)\",\"linked true \(counts[0]) other \(counts[1]); not linked true \(counts[2]) other \(counts[3])\",\"\""
            )
        }
        for pair in predicted.keys where !truth.contains(pair) { line("false link", pair) }
        for pair in truth where predicted[pair] == nil { line("missed", pair) }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
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
