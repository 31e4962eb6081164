import ArgumentParser
import Foundation
import WhereaboutsEstimation
import WhereaboutsOperations

/// `whereabouts estimate`: how many persons there were, including those no list holds, from how
/// the lists overlap (multiple systems estimation). The overlap table is read from a CSV file (one
/// row per capture pattern, the count last; the work is ``Estimator/estimate(_:_:)``) or, without
/// `--table`, built from the store: persons as reviewers linked them, on the lists their acts' sources
/// make, by stratum when asked (``EstimateOperations``, decision 0028).
struct EstimateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate the number of persons, listed or not, from how the lists overlap.")

    @OptionGroup var store: StoreOptions

    @Option(help: "An overlap table (CSV: a 0/1 column per list, the count last); without it, the store's.")
    var table: String?

    @Option(help: "From the store: a list per source, or per source-type.")
    var lists: ListGrouping = .sourceType

    @Option(help: "From the store: an estimate per year, sex, violation, nationality or place.")
    var strata: Stratification?

    @Flag(help: "From the store: print the overlap table (CSV) instead of estimating.")
    var overlapTable = false

    @Option(help: "loglinear-bic, loglinear-aic, latent-class or mth-poisson2.")
    var model: EstimationMethod = .loglinearBIC

    @Option(help: "Highest interaction order of the log-linear search (default: all up to 5 lists, pairs beyond).")
    var maxOrder: Int?

    @Option(help: "Seed of the latent-class sampler (the same seed gives the same estimate).")
    var seed: UInt64 = LatentClassSettings().seed

    @Option(help: "Latent classes at most (K).") var classes = LatentClassSettings().classes
    @Option(help: "Sampler iterations thrown away first.") var burnIn = LatentClassSettings().burnIn
    @Option(help: "Sampler draws kept.") var samples = LatentClassSettings().samples
    @Option(help: "Sampler iterations per draw kept.") var thinning = LatentClassSettings().thinning
    @Option(help: "Sampler chains run side by side (the draws are shared between them).")
    var chains = LatentClassSettings().chains

    @Flag(help: "Print the estimate as JSON.")
    var json = false

    var request: EstimationRequest {
        EstimationRequest(
            method: model, maxOrder: maxOrder,
            latentClass: LatentClassSettings(
                classes: classes, burnIn: burnIn, samples: samples, thinning: thinning, chains: chains, seed: seed))
    }

    func run() async throws {
        guard let table else { return try await runOnStore() }
        let text: String
        do {
            text = try String(contentsOfFile: table, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot read \(table)")
        }
        let estimate: Estimate
        do {
            estimate = try Estimator.estimate(try OverlapTable(csv: text), request)
        } catch {
            throw CommandFailure(error.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(estimate) + Data("\n".utf8))
        } else {
            print(Self.text(estimate), terminator: "")
        }
    }

    /// The estimate from the store, as the operator sees it (every compartment), audited.
    func runOnStore() async throws {
        let query = OverlapQuery(lists: lists, strata: strata)
        let request = request
        if overlapTable {
            let csv = try await store.withOperations("whereabouts.estimate") { operations in
                try await operations.estimates.exportOverlap(
                    query, by: StoreOptions.operatorName, access: .operatorAccess, from: .cli)
            }
            FileHandle.standardOutput.write(Data(csv.utf8))
            return
        }
        let result = try await store.withOperations("whereabouts.estimate") { operations in
            try await operations.estimates.estimate(
                query, request, by: StoreOptions.operatorName, access: .operatorAccess, from: .cli)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(result) + Data("\n".utf8))
            return
        }
        print(
            "lists by \(lists.rawValue); persons linked by \(result.decisionsApplied) reviewers' decisions",
            terminator: "")
        print(result.decisionsInConflict > 0 ? " (\(result.decisionsInConflict) left out: they contradict others)" : "")
        if result.personsListedTwice > 0 {
            print(
                "warning: \(result.personsListedTwice) persons as linked hold two records of one list; a list names a"
                    + " person once, so these are most likely namesakes joined in review, and the estimate is low by"
                    + " about as many")
        }
        print(Self.text(result.whole.estimate), terminator: "")
        for stratum in result.strata {
            print("\n\(strata?.rawValue ?? "stratum") \(stratum.stratum ?? "")")
            print(Self.text(stratum.estimate), terminator: "")
        }
    }

    /// The estimate as aligned lines for people.
    static func text(_ estimate: Estimate) -> String {
        func number(_ value: Double?) -> String {
            guard let value else { return "unbounded" }
            return value.formatted(.number.precision(.fractionLength(1)))
        }
        var rows: [(String, String)] = [
            ("lists", zip(estimate.lists, estimate.listSizes).map { "\($0) (\($1))" }.joined(separator: ", ")),
            ("observed", String(estimate.observed)),
        ]
        if let reason = estimate.reason {
            rows.append(("estimate", reason))
        } else {
            rows.append(("estimate", number(estimate.estimate)))
            if let error = estimate.standardError { rows.append(("standard error", number(error))) }
            if let interval = estimate.interval {
                rows.append(("95% interval", "\(number(estimate.lower)) – \(number(estimate.upper)) (\(interval))"))
            }
            rows.append(("model", estimate.model))
        }
        if let seed = estimate.seed { rows.append(("seed", String(seed))) }
        if !estimate.settings.isEmpty {
            rows.append(
                ("settings", estimate.settings.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")))
        }
        if let diagnostics = estimate.diagnostics {
            rows.append(
                (
                    "convergence",
                    String(
                        format: "split R̂ %.3f, effective sample size %.0f, Geweke z %.2f", diagnostics.splitRHat,
                        diagnostics.effectiveSampleSize, diagnostics.gewekeZ)
                ))
        }
        rows.append(("table hash", estimate.tableHash))
        rows += estimate.warnings.map { ("warning", $0) }
        return rows.map { $0.0.padding(toLength: 16, withPad: " ", startingAt: 0) + $0.1 + "\n" }.joined()
    }
}

extension EstimationMethod: ExpressibleByArgument {}
extension ListGrouping: ExpressibleByArgument {}
extension Stratification: ExpressibleByArgument {}
