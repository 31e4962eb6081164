import ArgumentParser
import Foundation
import WhereaboutsLinkage
import WhereaboutsStore

/// `whereabouts link-files`: links two CSV files, or finds the duplicates in one, and measures the
/// result against a truth when one is given. The benchmarks run through it.
struct LinkFiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link-files",
        abstract: "Link two CSV files, or deduplicate one, with a model learned from the data.",
        discussion: """
            Fields are compared as KIND: name, person-name, date, code, code-tf, exact, exact-tf, text, place.
            Example: whereabouts link-files people.csv --id record_id --field name:person-name \
            --field dob:date --field place:place --truth-column person_id
            """)

    @Argument(help: "One CSV file to deduplicate, or two to link.")
    var files: [String]

    @Option(help: "The column holding each record's identifier (default: the row number).")
    var id: String?

    @Option(name: .customLong("field"), help: "column:kind, once per compared column.")
    var fields: [String] = []

    @Option(help: "A set of fields: febrl.")
    var preset: String?

    @Option(name: .customLong("block"), help: "A blocking rule, columns joined by + (default: chosen from the fields).")
    var blocks: [String] = []

    @Option(help: "Match probability a link needs (0–1).")
    var threshold: Double = 0.5

    @Flag(help: "When linking two files, link each record at most once.")
    var oneToOne = false

    @Option(help: "A CSV file of true pairs (two identifier columns), to measure precision and recall.")
    var truth: String?

    @Option(help: "A column naming each record's true person, to measure precision and recall.")
    var truthColumn: String?

    @Option(help: "A CSV file of pairs already judged (id_1,id_2,same with 1 or 0): they refine the model and stand.")
    var labels: String?

    @Option(help: "Write the links (pairs, probability, and why) to this CSV file.")
    var out: String?

    @Flag(help: "Print the summary as one JSON line.")
    var json = false

    func validate() throws {
        guard (1...2).contains(files.count) else {
            throw ValidationError("give one file to deduplicate or two to link")
        }
        guard threshold > 0, threshold < 1 else { throw ValidationError("--threshold must be between 0 and 1") }
        if let preset, preset != "febrl" { throw ValidationError("unknown preset '\(preset)' (known: febrl)") }
        guard preset != nil || !fields.isEmpty else { throw ValidationError("give --field column:kind or --preset") }
    }

    func run() throws {
        let started = Date()
        let quiet = json
        do {
            let table = try LinkInput.read(files, idColumn: id ?? (preset == "febrl" ? "rec_id" : nil))
            try Linker.requireComparable(table)
            var specs = preset == "febrl" ? FieldSpec.febrl : []
            for field in fields { specs.append(try FieldSpec(parsing: field)) }
            if let truthColumn, specs.contains(where: { $0.column == truthColumn }) {
                throw CommandFailure("the truth column '\(truthColumn)' cannot also be compared")
            }
            var settings = try LinkageSettings.forFields(specs, blocks: blocks, table: table)
            settings.threshold = threshold
            settings.oneToOne = oneToOne
            if let labels { settings.labels = try LinkInput.labels(labels, in: table) }
            for case let comparator as DateComparator in settings.comparators where comparator.unreadable > 0 {
                FileHandle.standardError.write(
                    Data(
                        "note: \(comparator.unreadable) value(s) in '\(comparator.name)' are not dates Whereabouts can read; they count as missing\n"
                            .utf8))
            }
            let linker = try Linker(table: table, settings: settings)
            let bar = ProgressLine("linking", total: 100, quiet: quiet)
            let result = linker.run { _, fraction in bar.update(Int(fraction * 100)) }
            bar.finish(100)
            let seconds = Date().timeIntervalSince(started)
            var scores: PairwiseScores?
            if truth != nil || truthColumn != nil {
                let trueLinks =
                    try truth.map { path throws(LinkageError) in try LinkInput.truthPairs(path) }
                    ?? LinkInput.truthPairs(column: truthColumn!, in: table)
                let predicted = Set(result.matches.map { PairwiseScores.Pair(table.ids[$0.a], table.ids[$0.b]) })
                scores = PairwiseScores(predicted: predicted, truth: trueLinks)
            }
            if let out { try write(result, linker: linker, to: out) }
            report(result, linker: linker, scores: scores, seconds: seconds)
        } catch let error as LinkageError {
            throw CommandFailure(error.description)
        }
    }

    private func report(_ result: LinkageResult, linker: Linker, scores: PairwiseScores?, seconds: Double) {
        let table = linker.table
        let stages = result.stageSeconds.map { "\"\($0.stage)_s\": \(round2($0.seconds))" }.joined(separator: ", ")
        if json {
            var line =
                "{\"tool\": \"whereabouts link-files\", \"records\": \(table.count), \"candidates\": \(result.candidatePairs.count), \"links\": \(result.matches.count), \"wall_s\": \(round2(seconds)), \"stages\": {\(stages)}, \"em_iterations\": \(result.model.iterations)"
            if let scores {
                line +=
                    ", \"precision\": \(round4(scores.precision)), \"recall\": \(round4(scores.recall)), \"f1\": \(round4(scores.f1)), \"tp\": \(scores.truePositives), \"fp\": \(scores.falsePositives), \"fn\": \(scores.falseNegatives)"
            }
            print(line + ", \"peak_rss_mb\": \(round2(peakResidentMegabytes()))}")
            return
        }
        print(
            "\(table.count) records, \(result.candidatePairs.count) candidate pairs, \(result.matches.count) links"
                + (table.firstSideCount == nil ? " in \(result.clusters.count) persons" : "")
                + " (\(round2(seconds)) s)")
        print(
            "model: λ = \(result.model.lambda), EM \(result.model.iterations) iterations"
                + (result.model.converged ? "" : " (not converged)"))
        for (c, comparator) in linker.settings.comparators.enumerated() {
            let weights = comparator.levelNames.enumerated().map {
                "\($0.element) \(round2(result.model.weight(c, level: $0.offset)))"
            }
            print("  \(comparator.name): " + weights.joined(separator: "; "))
        }
        print("blocking:")
        for rule in result.blocking { print("  " + rule.summary) }
        if let scores { print(scores.description) }
    }

    private func write(_ result: LinkageResult, linker: Linker, to path: String) throws {
        var rows: [[CSVRows.Cell]] = [["id_1", "id_2", "probability", "weight", "why"]]
        for pair in result.matches.sorted(by: { $0.weight > $1.weight }) {
            let why = linker.explain(pair.a, pair.b, model: result.model)
                .map { "\($0.comparator)=\($0.level) \($0.weight >= 0 ? "+" : "")\(round2($0.weight))" }
                .joined(separator: "; ")
            rows.append([
                .text(linker.table.ids[pair.a]), .text(linker.table.ids[pair.b]), .decimal(round4(pair.probability)),
                .decimal(round2(pair.weight)), .text(why),
            ])
        }
        guard FileManager.default.createFile(atPath: path, contents: CSVRows.data(rows)) else {
            throw CommandFailure("cannot write \(path)")
        }
    }
}

private func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
private func round4(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }

/// The process's peak resident memory so far, in MiB.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
