import Foundation
import Synchronization
import Testing
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

private func withAccounts(
    _ body: @escaping @Sendable (AccountStore, TestClock) async throws -> Void
) async throws {
    try await TestDatabase.withStore { store in
        let clock = TestClock()
        try await body(AccountStore(database: store.database, clock: clock.function, hasher: .testing), clock)
    }
}

@Suite("accounts and sessions")
struct AccountStoreTests {
    static let password = "a long and unusual passphrase"

    @Test("a set-up link sets the password once; a weak password is refused and leaves the link usable")
    func setup() async throws {
        try await withAccounts { accounts, _ in
            #expect(try await accounts.hasAccounts() == false)
            let (account, link) = try await accounts.createAccount(
                username: "Kim.Documenter", role: .documenter, compartments: ["general"])
            #expect(account.username == "kim.documenter")
            #expect(!account.hasPassword)
            await #expect(throws: AccountError.weakPassword(.common)) {
                try await accounts.completeSetup(token: link, password: "password123456")
            }
            await #expect(throws: AccountError.weakPassword(.containsName)) {
                try await accounts.completeSetup(token: link, password: "i am kim.documenter, ok")
            }
            let done = try await accounts.completeSetup(token: link, password: Self.password)
            #expect(done.hasPassword)
            await #expect(throws: AccountError.linkExpired) {
                try await accounts.completeSetup(token: link, password: Self.password + "!")
            }
            await #expect(throws: AccountError.usernameTaken) {
                try await accounts.createAccount(username: "kim.documenter", role: .viewer, compartments: [])
            }
            await #expect(throws: AccountError.noSuchCompartment("nowhere")) {
                try await accounts.createAccount(username: "lee", role: .viewer, compartments: ["nowhere"])
            }
            await #expect(throws: AccountError.invalidUsername) {
                try await accounts.createAccount(username: "<script>", role: .viewer, compartments: [])
            }
        }
    }

    @Test("set-up links expire")
    func linkExpiry() async throws {
        try await withAccounts { accounts, clock in
            let (_, link) = try await accounts.createAccount(username: "late", role: .viewer, compartments: ["general"])
            clock.advance(accounts.sessionPolicy.linkLifetime + 1)
            #expect(try await accounts.accountForSetupLink(link) == nil)
            await #expect(throws: AccountError.linkExpired) {
                try await accounts.completeSetup(token: link, password: Self.password)
            }
        }
    }

    @Test("sign-in refuses wrong passwords and unknown names alike, and backs off after repeated failures")
    func throttling() async throws {
        try await withAccounts { accounts, clock in
            let (_, link) = try await accounts.createAccount(username: "park", role: .viewer, compartments: ["general"])
            _ = try await accounts.completeSetup(token: link, password: Self.password)
            #expect(
                try await accounts.signIn(username: "nobody", password: Self.password, address: "10.0.0.1") == .refused)
            for _ in 0..<3 {
                #expect(try await accounts.signIn(username: "park", password: "wrong", address: "10.0.0.2") == .refused)
            }
            #expect(try await accounts.signIn(username: "park", password: "wrong", address: "10.0.0.2") == .refused)
            // The fourth failure blocks the account name for a second, even with the right password.
            guard
                case .throttled = try await accounts.signIn(
                    username: "park", password: Self.password, address: "10.0.0.3")
            else {
                Issue.record("expected throttling")
                return
            }
            clock.advance(2)
            guard
                case .success(let account) = try await accounts.signIn(
                    username: "PARK", password: Self.password, address: "10.0.0.3")
            else {
                Issue.record("expected success")
                return
            }
            #expect(account.username == "park")
            try await accounts.setDisabled(true, username: "park")
            #expect(
                try await accounts.signIn(username: "park", password: Self.password, address: "10.0.0.3") == .refused)
        }
    }

    @Test("a second factor is confirmed with a code, never accepts a code twice, and recovery codes work once")
    func secondFactor() async throws {
        try await withAccounts { accounts, clock in
            let (account, _) = try await accounts.createAccount(
                username: "choi", role: .analyst, compartments: ["general"])
            #expect(account.requiresSecondFactor)
            let secret = try await accounts.beginSecondFactor(userID: account.id)
            let authenticator = TwoFactor(secret: secret)
            #expect(try await accounts.confirmSecondFactor(userID: account.id, code: "000000") == nil)
            let codes = try #require(
                try await accounts.confirmSecondFactor(userID: account.id, code: authenticator.code(at: clock.date)))
            #expect(codes.count == 10)
            #expect(try await accounts.account(id: account.id)?.hasSecondFactor == true)
            // The code used to confirm cannot be replayed at sign-in.
            #expect(
                try await accounts.verifySecondFactor(userID: account.id, code: authenticator.code(at: clock.date))
                    == .refused)
            clock.advance(30)
            let next = authenticator.code(at: clock.date)
            #expect(try await accounts.verifySecondFactor(userID: account.id, code: next) == .accepted)
            #expect(try await accounts.verifySecondFactor(userID: account.id, code: next) == .refused)
            #expect(try await accounts.verifySecondFactor(userID: account.id, code: codes[0].uppercased()) == .accepted)
            #expect(try await accounts.verifySecondFactor(userID: account.id, code: codes[0]) == .refused)
            // A confirmed second factor cannot be silently replaced.
            await #expect(throws: AccountError.noSuchAccount) {
                try await accounts.beginSecondFactor(userID: account.id)
            }
        }
    }

    @Test("sessions end when idle, when too old, when signed out everywhere, and when the account is disabled")
    func sessions() async throws {
        try await withAccounts { accounts, clock in
            let (account, _) = try await accounts.createAccount(
                username: "jung", role: .viewer, compartments: ["general"])
            let token = try await accounts.createSession(account: account, secondFactorDone: false, address: "10.0.0.9")
            #expect(try await accounts.session(token: token)?.account.username == "jung")
            #expect(try await accounts.session(token: token + "x") == nil)
            clock.advance(accounts.sessionPolicy.idleTimeout + 1)
            #expect(try await accounts.session(token: token) == nil)

            var busy = try await accounts.createSession(account: account, secondFactorDone: false, address: nil)
            for _ in 0..<60 {
                clock.advance(accounts.sessionPolicy.idleTimeout / 2)
                if try await accounts.session(token: busy) == nil { break }
            }
            #expect(try await accounts.session(token: busy) == nil, "12 hours is the most a session lives")

            busy = try await accounts.createSession(account: account, secondFactorDone: false, address: nil)
            let other = try await accounts.createSession(account: account, secondFactorDone: false, address: nil)
            let upgraded = try #require(try await accounts.completeSecondFactor(token: busy, address: nil))
            #expect(try await accounts.session(token: busy) == nil, "the pre-second-factor token is dead")
            #expect(try await accounts.session(token: upgraded)?.secondFactorDone == true)
            clock.advance(1)
            try await accounts.signOutEverywhere(userID: account.id)
            #expect(try await accounts.session(token: upgraded) == nil)
            #expect(try await accounts.session(token: other) == nil)

            let last = try await accounts.createSession(account: account, secondFactorDone: false, address: nil)
            try await accounts.setDisabled(true, username: "jung")
            #expect(try await accounts.session(token: last) == nil)
        }
    }

    @Test("a token reaches the compartments its account had when it was made, never one the account gains later")
    func tokenCompartments() async throws {
        try await TestDatabase.withStore { store in
            let accounts = AccountStore(database: store.database, clock: { Date() }, hasher: .testing)
            _ = try await accounts.createCompartment(id: "japan", name: "Japan")
            _ = try await accounts.createCompartment(id: "russia", name: "Russia")
            let (account, _) = try await accounts.createAccount(
                username: "script.owner", role: .documenter, compartments: ["japan"])
            let token = try await accounts.createToken(
                userID: account.id, name: "nightly", permissions: account.permissions, lifetime: 3600)
            #expect(try await accounts.authenticate(token: token)?.compartments == ["japan"])
            // The account is given the Russia desk: the old token does not follow.
            _ = try await accounts.updateAccess(
                userID: account.id, role: .documenter, permissions: account.permissions,
                compartments: ["japan", "russia"])
            #expect(try await accounts.authenticate(token: token)?.compartments == ["japan"])
            // A token made now reaches both; losing Japan takes it from the old token too.
            let newer = try await accounts.createToken(
                userID: account.id, name: "both", permissions: account.permissions, lifetime: 3600)
            #expect(Set(try await accounts.authenticate(token: newer)?.compartments ?? []) == ["japan", "russia"])
            _ = try await accounts.updateAccess(
                userID: account.id, role: .documenter, permissions: account.permissions, compartments: ["russia"])
            #expect(try await accounts.authenticate(token: token)?.compartments == [])
        }
    }

    @Test("API tokens carry at most their account's permissions, expire and can be revoked")
    func tokens() async throws {
        try await withAccounts { accounts, clock in
            let (account, _) = try await accounts.createAccount(
                username: "han", role: .documenter, compartments: ["general"])
            let token = try await accounts.createToken(
                userID: account.id, name: "script", permissions: [.readRecords, .manageUsers], lifetime: 3600)
            #expect(try await accounts.authenticate(token: token)?.permissions == [.readRecords])
            #expect(try await accounts.authenticate(token: "wh_" + String(token.dropFirst(4))) == nil)
            let listed = try await accounts.tokens(userID: account.id)
            #expect(listed.count == 1)
            #expect(listed[0].lastUsedAt != nil)
            clock.advance(3601)
            #expect(try await accounts.authenticate(token: token) == nil)
            let second = try await accounts.createToken(
                userID: account.id, name: "cli", permissions: [.readRecords], lifetime: 3600)
            try await accounts.revokeToken(
                id: try #require(try await accounts.tokens(userID: account.id).first?.id), userID: account.id)
            #expect(try await accounts.authenticate(token: second) == nil)
        }
    }
}
