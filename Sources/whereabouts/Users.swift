import ArgumentParser
import Foundation
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

/// `whereabouts users …`: accounts, run by the operator at the machine.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list, disable and reset accounts; make API tokens.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Reset.self, Token.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account; prints a one-time link where its owner sets a password and second factor.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "User name: 3–64 lower-case letters, digits, dot, dash or underscore.") var username: String
        @Option(help: "administrator, documenter, analyst or viewer.") var role: String
        @Option(help: "Compartment the account sees (repeat for several).") var compartment: [String] = ["general"]
        @Option(help: "Name shown in the interface.") var name: String?
        @Option(help: "E-mail address (never used to send mail; checked against the password).") var email: String?
        @Option(help: "Base address of the server, for the link.") var baseURL = "http://127.0.0.1:8080"

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role is one of: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }

        func run() async throws {
            try await store.withOperations("whereabouts.users") { operations in
                let (account, token) = try await Self.explain {
                    try await operations.accounts.createAccount(
                        username: username, displayName: name, email: email, role: Role(rawValue: role)!,
                        compartments: compartment, by: operations.administrator, from: .cli)
                }
                print(
                    "Added \(account.username) (\(account.role.rawValue); compartments: \(account.compartments.joined(separator: ", ")))."
                )
                print("Give this one-time set-up link to its owner, privately (it works once, for 72 hours):")
                print("  \(baseURL)/setup/\(token)")
            }
        }

        static func explain<T>(_ body: () async throws -> T) async throws -> T {
            do { return try await body() } catch let error as AccountError { throw CommandFailure(error.explanation) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withAccounts("whereabouts.users") { accounts in
                for account in try await accounts.accounts() {
                    let state = account.disabled ? "disabled" : account.hasPassword ? "active" : "awaiting set-up"
                    print(
                        [
                            account.username, account.role.rawValue, state,
                            account.hasSecondFactor ? "2FA" : "no 2FA", account.compartments.joined(separator: ","),
                        ].joined(separator: "\t"))
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable an account: it can no longer sign in, and its sessions end.")
        @OptionGroup var store: StoreOptions
        @Argument var username: String

        func run() async throws {
            try await store.withOperations("whereabouts.users") { operations in
                try await Add.explain {
                    try await operations.accounts.setDisabled(
                        true, username: username, by: operations.administrator, from: .cli)
                }
                print("Disabled \(username); its sessions have ended.")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")
        @OptionGroup var store: StoreOptions
        @Argument var username: String

        func run() async throws {
            try await store.withOperations("whereabouts.users") { operations in
                try await Add.explain {
                    try await operations.accounts.setDisabled(
                        false, username: username, by: operations.administrator, from: .cli)
                }
                print("Enabled \(username).")
            }
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Remove an account's password and second factor, end its sessions and revoke its tokens; prints a new set-up link."
        )
        @OptionGroup var store: StoreOptions
        @Argument var username: String
        @Option(help: "Base address of the server, for the link.") var baseURL = "http://127.0.0.1:8080"

        func run() async throws {
            try await store.withOperations("whereabouts.users") { operations in
                let token = try await Add.explain {
                    try await operations.accounts.resetCredentials(
                        username: username, by: operations.administrator, from: .cli)
                }
                print("Reset \(username). New one-time set-up link (72 hours):")
                print("  \(baseURL)/setup/\(token)")
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an API token for an account (shown once; stored only as a hash).")
        @OptionGroup var store: StoreOptions
        @Argument var username: String
        @Option(help: "What the token is for.") var name = "cli"
        @Option(help: "Days until it expires (1–366).") var days = 30
        @Option(help: "Permission to grant (repeat; default: all of the account's).") var permission: [String] = []

        func validate() throws {
            guard (1...366).contains(days) else { throw ValidationError("--days is from 1 to 366") }
            for code in permission where Permission(rawValue: code) == nil {
                throw ValidationError(
                    "unknown permission \(code); one of: " + Permission.allCases.map(\.rawValue).joined(separator: ", ")
                )
            }
        }

        func run() async throws {
            try await store.withOperations("whereabouts.users") { operations in
                let token = try await Add.explain {
                    try await operations.accounts.mintToken(
                        forUsername: username, name: name,
                        permissions: permission.isEmpty ? nil : Set(permission.compactMap(Permission.init(rawValue:))),
                        days: days, by: operations.administrator, from: .cli)
                }
                print(token)
            }
        }
    }
}

extension AccountError {
    /// A sentence for people.
    var explanation: String {
        switch self {
        case .usernameTaken: "That user name is taken."
        case .invalidUsername: "User names are 3–64 lower-case letters, digits, dots, dashes or underscores."
        case .weakPassword(let violation): "The password is refused (\(violation.rawValue))."
        case .noSuchAccount: "There is no such account."
        case .noSuchCompartment(let id): "There is no compartment '\(id)'."
        case .invalidCompartment: "Compartment ids are 3–64 lower-case letters, digits or dashes, and must be new."
        case .linkExpired: "The link has expired or was already used."
        case .stepUpRequired: "This needs the password and a fresh second-factor code again."
        }
    }
}

extension StoreOptions {
    /// Opens the store (migrating it) and its accounts, runs `body`, and closes them.
    func withAccounts<T>(_ label: String, _ body: (AccountStore) async throws -> T) async throws -> T {
        try await withStore(label) { records in
            try await body(AccountStore(store: records, clock: { Date() }))
        }
    }
}
