import ArgumentParser

/// `whereabouts-bench`: benchmarks are programs that print figures, run on a release build, each
/// beside the reference it is measured against in the same run.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whereabouts-bench",
        abstract: "Measure Whereabouts against its references (use a release build).",
        subcommands: [
            StoreBenchmark.self, WebBenchmark.self, SealingBenchmark.self, LinkageBenchmark.self, ClusterBenchmark.self,
            EvidenceBenchmark.self,
            QueueBenchmark.self, EstimationBenchmark.self, KnownPopulationBenchmark.self,
        ])
}
