import ArgumentParser

/// The `whereabouts` command: the server and every operator task share one composition root.
@main
struct Whereabouts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whereabouts",
        abstract: "Document human-rights violations that cross borders, and find the disappeared.",
        version: "0.1.0",
        subcommands: [
            Serve.self, Vocab.self, Import.self, Export.self, Demo.self, Users.self, Compartments.self, Audit.self,
            Keys.self, Stats.self, Backup.self, Link.self, LinkFiles.self, Evidence.self, UN.self,
            EstimateCommand.self, Cyber.self, Reparations.self,
        ],
        defaultSubcommand: nil)
}
