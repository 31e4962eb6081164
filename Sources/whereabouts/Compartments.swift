import ArgumentParser
import WhereaboutsOperations
import WhereaboutsStore

/// `whereabouts compartments …`: the partitions records and accounts are placed in.
struct Compartments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and add compartments.", subcommands: [List.self, Add.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List compartments.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withAccounts("whereabouts.compartments") { accounts in
                for compartment in try await accounts.compartments() { print("\(compartment.id)\t\(compartment.name)") }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a compartment.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Short id: lower-case letters, digits and dashes (e.g. japan-abductions).") var id: String
        @Argument(help: "Name shown to people.") var name: String

        func run() async throws {
            try await store.withOperations("whereabouts.compartments") { operations in
                let compartment = try await Users.Add.explain {
                    try await operations.accounts.createCompartment(
                        id: id, name: name, by: operations.administrator, from: .cli)
                }
                print("Added compartment \(compartment.id) (\(compartment.name)).")
            }
        }
    }
}
