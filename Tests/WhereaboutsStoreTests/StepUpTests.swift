import Foundation
import Testing
import WhereaboutsSecurity
import WhereaboutsStore

@Suite("step-up and sign-out everywhere")
struct StepUpTests {
    static let password = AccountFixtures.password

    @Test("promoting a signed-in viewer ends its sessions: the cookie it signed in with no longer works")
    func promotionEndsSessions() async throws {
        try await withAccountStore { accounts, clock in
            let (viewer, _) = try await accountWithPassword(accounts, clock, "viewer.one", role: .viewer)
            guard
                case .success = try await accounts.signIn(username: "viewer.one", password: Self.password, address: "a")
            else {
                Issue.record("expected the viewer to sign in")
                return
            }
            let cookie = try await accounts.createSession(account: viewer, secondFactorDone: false, address: "a")
            #expect(try await accounts.session(token: cookie) != nil)
            // Saving the same access ends nothing.
            #expect(
                try await accounts.updateAccess(
                    userID: viewer.id, role: .viewer, permissions: [.readRecords], compartments: ["general"]) == false)
            #expect(try await accounts.session(token: cookie) != nil)

            #expect(
                try await accounts.updateAccess(
                    userID: viewer.id, role: .documenter, permissions: Role.documenter.defaultPermissions,
                    compartments: ["general"]))
            #expect(try await accounts.session(token: cookie) == nil, "the old session must not carry the new access")

            // A compartment added (or a permission taken away) ends the sessions too.
            _ = try await accounts.createCompartment(id: "desk-b", name: "Desk B")
            let second = try await accounts.createSession(account: viewer, secondFactorDone: true, address: "a")
            try await accounts.updateAccess(
                userID: viewer.id, role: .documenter, permissions: Role.documenter.defaultPermissions,
                compartments: ["general", "desk-b"])
            #expect(try await accounts.session(token: second) == nil)
            let third = try await accounts.createSession(account: viewer, secondFactorDone: true, address: "a")
            try await accounts.updateAccess(
                userID: viewer.id, role: .documenter, permissions: [.readRecords], compartments: ["general", "desk-b"])
            #expect(try await accounts.session(token: third) == nil)
        }
    }

    @Test("signing out everywhere also revokes every API token of the account, and only of that account")
    func signOutEverywhereRevokesTokens() async throws {
        try await withAccountStore { accounts, clock in
            let (owner, _) = try await accountWithPassword(accounts, clock, "token.owner", role: .documenter)
            let (other, _) = try await accountWithPassword(accounts, clock, "token.other", role: .documenter)
            let script = try await accounts.createToken(
                userID: owner.id, name: "script", permissions: [.readRecords], lifetime: 3600)
            let theirs = try await accounts.createToken(
                userID: other.id, name: "theirs", permissions: [.readRecords], lifetime: 3600)
            let session = try await accounts.createSession(account: owner, secondFactorDone: true, address: nil)
            #expect(try await accounts.authenticate(token: script) != nil)
            #expect(try await accounts.signOutEverywhere(userID: owner.id) == 1)
            #expect(try await accounts.session(token: session) == nil)
            #expect(try await accounts.authenticate(token: script) == nil, "a copied token must stop working")
            #expect(try await accounts.tokens(userID: owner.id).allSatisfy(\.revoked))
            #expect(try await accounts.authenticate(token: theirs) != nil)
        }
    }

    @Test("a session mints a token only with the password and a fresh second-factor code")
    func mintingNeedsStepUp() async throws {
        try await withAccountStore { accounts, clock in
            let (owner, maybeAuthenticator) = try await accountWithPassword(
                accounts, clock, "minter", role: .documenter, secondFactor: true)
            let authenticator = try #require(maybeAuthenticator)
            let used = authenticator.code(at: clock.date)  // the code that confirmed the second factor
            func stepUp(_ password: String, _ code: String) async throws -> StepUpOutcome {
                try await accounts.stepUp(account: owner, password: password, code: code, address: "10.1.1.1")
            }
            guard case .refused = try await stepUp("not the password", authenticator.code(at: clock.date + 30)) else {
                Issue.record("a wrong password must be refused")
                return
            }
            guard case .refused = try await stepUp(Self.password, wrongCode(than: authenticator.code(at: clock.date)))
            else {
                Issue.record("a wrong code must be refused")
                return
            }
            guard case .refused = try await stepUp(Self.password, used) else {
                Issue.record("a code already used must be refused")
                return
            }
            clock.advance(30)
            guard case .confirmed(let proof) = try await stepUp(Self.password, authenticator.code(at: clock.date))
            else {
                Issue.record("the password and a fresh code must be accepted")
                return
            }
            let token = try await accounts.createToken(
                proof, name: "script", permissions: [.readRecords, .seeIdentities], lifetime: 86_400)
            #expect(try await accounts.authenticate(token: token)?.permissions == [.readRecords, .seeIdentities])
            // A proof is for now, not for later.
            clock.advance(600)
            await #expect(throws: AccountError.stepUpRequired) {
                try await accounts.createToken(proof, name: "later", permissions: [.readRecords], lifetime: 3600)
            }
            // An account without a second factor must set one up first.
            let (viewer, _) = try await accountWithPassword(accounts, clock, "no.factor", role: .viewer)
            guard
                case .secondFactorRequired = try await accounts.stepUp(
                    account: viewer, password: Self.password, code: "123456", address: "10.1.1.1")
            else {
                Issue.record("an account without a second factor cannot step up")
                return
            }
        }
    }
}
