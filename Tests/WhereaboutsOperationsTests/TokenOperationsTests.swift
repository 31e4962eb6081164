import Foundation
import Testing
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

@Suite("token use-cases")
struct TokenOperationsTests {
    private let web = OperationOrigin(via: "web", address: "192.0.2.1")

    /// An account with a confirmed second factor, and its authenticator.
    private func withSecondFactor(_ fixture: OperationsFixture, _ username: String) async throws -> (Account, TwoFactor)
    {
        let account = try await fixture.account(username, role: .analyst)
        let authenticator = TwoFactor(secret: try await fixture.accounts.beginSecondFactor(userID: account.id))
        _ = try #require(
            try await fixture.accounts.confirmSecondFactor(
                userID: account.id, code: authenticator.code(at: fixture.clock.date)))
        fixture.clock.advance(60)
        return (try #require(try await fixture.accounts.account(id: account.id)), authenticator)
    }

    @Test("a token minted after a step-up is audited; a refused step-up is audited and mints nothing")
    func mintingFromASession() async throws {
        try await OperationsFixture.with { fixture in
            let operations = AccountOperations(accounts: fixture.accounts, audit: fixture.audit)
            let (account, authenticator) = try await withSecondFactor(fixture, "ana")
            let refused = try await operations.mintToken(
                for: account, name: "script", permissions: [.readRecords], days: 30, password: "wrong",
                code: authenticator.code(at: fixture.clock.date), from: web)
            #expect(refused == .refused)
            #expect(try await fixture.accounts.tokens(userID: account.id).isEmpty)

            let minted = try await operations.mintToken(
                for: account, name: "script", permissions: [.readRecords], days: 30,
                password: OperationsFixture.password, code: authenticator.code(at: fixture.clock.date), from: web)
            guard case .minted(let token) = minted else {
                Issue.record("not minted: \(minted)")
                return
            }
            #expect(try await fixture.accounts.authenticate(token: token)?.id == account.id)
            let entries = try await fixture.audit.entries(action: .tokenCreated).reversed().map(\.event)
            #expect(entries.map(\.outcome) == [.failure, .success])
            #expect(entries.allSatisfy { $0.actor == "ana" && $0.target == "ana" && $0.details["name"] == "script" })
            #expect(entries.allSatisfy { !$0.details.values.contains(token) })

            let id = try #require(try await fixture.accounts.tokens(userID: account.id).first).id
            try await operations.revokeToken(id: id, of: account, from: web)
            #expect(try await fixture.audit.entries(action: .tokenRevoked).first?.event.target == id)
        }
    }

    @Test("when the audit entry cannot be written, no token is minted or revoked")
    func failingEntryUndoesTheToken() async throws {
        try await OperationsFixture.with { fixture in
            let operations = AccountOperations(accounts: fixture.accounts, audit: fixture.audit)
            let (account, authenticator) = try await withSecondFactor(fixture, "ana")
            _ = try await operations.mintToken(
                forUsername: "ana", name: "kept", permissions: nil, days: 1,
                by: .atTheMachine(actor: "cli:op"), from: .cli)
            let entry = try #require(try await fixture.audit.entries(action: .tokenCreated).first).event
            #expect(entry.actor == "cli:op" && entry.target == "ana" && entry.details["name"] == "kept")

            try await fixture.breakAuditChain()
            await #expect(throws: StoreError.self) {
                try await operations.mintToken(
                    forUsername: "ana", name: "cli", permissions: nil, days: 1, by: .atTheMachine(actor: "cli:op"),
                    from: .cli)
            }
            await #expect(throws: StoreError.self) {
                try await operations.mintToken(
                    for: account, name: "script", permissions: [.readRecords], days: 30,
                    password: OperationsFixture.password, code: authenticator.code(at: fixture.clock.date), from: web)
            }
            let tokens = try await fixture.accounts.tokens(userID: account.id)
            #expect(tokens.map(\.name) == ["kept"])
            await #expect(throws: StoreError.self) {
                try await operations.revokeToken(id: tokens[0].id, of: account, from: web)
            }
            #expect(try await fixture.accounts.tokens(userID: account.id).map(\.revoked) == [false])
        }
    }

    @Test("a token can be minted by the operator only for an account that exists")
    func unknownAccount() async throws {
        try await OperationsFixture.with { fixture in
            let operations = AccountOperations(accounts: fixture.accounts, audit: fixture.audit)
            await #expect(throws: AccountError.noSuchAccount) {
                try await operations.mintToken(
                    forUsername: "nobody", name: "cli", permissions: nil, days: 1, by: .atTheMachine(actor: "cli:op"),
                    from: .cli)
            }
            let noEntries = try await fixture.audit.entries().isEmpty
            #expect(noEntries)
        }
    }
}
