import Foundation
import Testing
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

@Suite("account use-cases")
struct AccountOperationsTests {
    private let web = OperationOrigin(via: "web", address: "192.0.2.1")

    @Test("adding an account, changing its access, disabling and resetting it are audited with actor and target")
    func changesAreAudited() async throws {
        try await OperationsFixture.with { fixture in
            let operations = AccountOperations(accounts: fixture.accounts, audit: fixture.audit)
            let admin = try #require(Administrator(account: try await fixture.account("boss", role: .administrator)))
            let (added, _) = try await operations.createAccount(
                username: "New.Doc", role: .documenter, compartments: ["general"], by: admin, from: web)
            #expect(
                try await operations.changeAccess(
                    of: added, role: .analyst, permissions: Role.analyst.defaultPermissions, compartments: ["general"],
                    by: admin, from: web))
            // Saving the same access changes nothing and is not audited.
            let changed = try #require(try await fixture.accounts.account(id: added.id))
            let unchanged = try await operations.changeAccess(
                of: changed, role: .analyst, permissions: Role.analyst.defaultPermissions, compartments: ["general"],
                by: admin, from: web)
            #expect(!unchanged)
            try await operations.setDisabled(true, username: "new.doc", by: admin, from: web)
            _ = try await operations.resetCredentials(username: "new.doc", by: admin, from: web)
            _ = try await operations.createCompartment(id: "japan", name: "Japan", by: admin, from: web)

            let entries = try await fixture.audit.entries().reversed().map(\.event)
            #expect(
                entries.map(\.action) == [
                    .accountCreated, .accountChanged, .accountDisabled, .accountReset, .compartmentCreated,
                ])
            #expect(
                entries.allSatisfy { $0.actor == "boss" && $0.address == "192.0.2.1" && $0.details["via"] == "web" })
            #expect(entries.map(\.target) == ["new.doc", "new.doc", "new.doc", "new.doc", "japan"])
            #expect(entries[1].details["role"] == "analyst" && entries[1].details["sessions"] == "ended")
        }
    }

    @Test("when the audit entry cannot be written, no account change happens")
    func failingEntryUndoesTheChange() async throws {
        try await OperationsFixture.with { fixture in
            let operations = AccountOperations(accounts: fixture.accounts, audit: fixture.audit)
            let admin = Administrator.atTheMachine(actor: "cli:op")
            let doc = try await fixture.account("doc", role: .documenter)
            try await fixture.breakAuditChain()

            await #expect(throws: StoreError.self) {
                try await operations.createAccount(
                    username: "someone", role: .viewer, compartments: ["general"], by: admin, from: .cli)
            }
            #expect(try await fixture.accounts.account(username: "someone") == nil)
            await #expect(throws: StoreError.self) {
                try await operations.changeAccess(
                    of: doc, role: .administrator, permissions: Role.administrator.defaultPermissions,
                    compartments: ["general"], by: admin, from: .cli)
            }
            await #expect(throws: StoreError.self) {
                try await operations.setDisabled(true, username: "doc", by: admin, from: .cli)
            }
            await #expect(throws: StoreError.self) {
                try await operations.resetCredentials(username: "doc", by: admin, from: .cli)
            }
            #expect(try await fixture.accounts.account(id: doc.id) == doc)
            await #expect(throws: StoreError.self) {
                try await operations.createCompartment(id: "japan", name: "Japan", by: admin, from: .cli)
            }
            #expect(try await fixture.accounts.compartments().map(\.id) == ["general"])
        }
    }

    @Test("only an account that manages users administers, and never to lock itself out")
    func refusedAdministrators() async throws {
        try await OperationsFixture.with { fixture in
            let operations = AccountOperations(accounts: fixture.accounts, audit: fixture.audit)
            #expect(Administrator(account: try await fixture.account("ana", role: .analyst)) == nil)
            let boss = try await fixture.account("boss", role: .administrator)
            let admin = try #require(Administrator(account: boss))
            await #expect(throws: AccountOperationError.ownAccount) {
                try await operations.setDisabled(true, username: "boss", by: admin, from: web)
            }
            await #expect(throws: AccountOperationError.ownAccount) {
                try await operations.changeAccess(
                    of: boss, role: .analyst, permissions: Role.analyst.defaultPermissions, compartments: ["general"],
                    by: admin, from: web)
            }
            #expect(try await fixture.accounts.account(id: boss.id) == boss)
            let noEntries = try await fixture.audit.entries().isEmpty
            #expect(noEntries)
        }
    }
}
