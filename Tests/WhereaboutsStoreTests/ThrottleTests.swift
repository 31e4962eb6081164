import Foundation
import Testing
import WhereaboutsSecurity
import WhereaboutsStore

@Suite("atomic throttling")
struct ThrottleTests {
    static let password = AccountFixtures.password

    @Test("twelve parallel wrong passwords: no more are checked than one after another would be")
    func parallelPasswords() async throws {
        try await withAccountStore { accounts, clock in
            _ = try await accountWithPassword(accounts, clock, "target", role: .viewer)
            let outcomes = try await withThrowingTaskGroup(of: SignInOutcome.self) { group in
                for attempt in 0..<12 {
                    group.addTask {
                        try await accounts.signIn(username: "target", password: "guess \(attempt)", address: "10.2.2.2")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let checked = outcomes.filter { $0 == .refused }.count
            // Three free failures, then the fourth blocks the account name for a second.
            #expect(checked == 4, "\(checked) of 12 parallel guesses were checked")
            #expect(outcomes.allSatisfy { if case .success = $0 { false } else { true } })
            // The right password right after the burst is refused unchecked.
            guard case .throttled = try await accounts.signIn(username: "target", password: Self.password, address: "x")
            else {
                Issue.record("the account name must be blocked after the burst")
                return
            }
            clock.advance(2)
            guard case .success = try await accounts.signIn(username: "target", password: Self.password, address: "x")
            else {
                Issue.record("the block must end")
                return
            }
        }
    }

    @Test(
        "thirty parallel guesses at thirty names from one address: at most the address's free attempts and one are checked"
    )
    func parallelAddress() async throws {
        try await withAccountStore { accounts, _ in
            let outcomes = try await withThrowingTaskGroup(of: SignInOutcome.self) { group in
                for attempt in 0..<30 {
                    group.addTask {
                        try await accounts.signIn(username: "name\(attempt)", password: "guess", address: "10.3.3.3")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .refused }.count == 11)
        }
    }

    @Test("eleven parallel wrong codes: four are checked, and the right code right after is not even checked")
    func parallelCodes() async throws {
        try await withAccountStore { accounts, clock in
            let (owner, maybeAuthenticator) = try await accountWithPassword(
                accounts, clock, "coded", role: .documenter, secondFactor: true)
            let authenticator = try #require(maybeAuthenticator)
            clock.advance(30)
            let right = authenticator.code(at: clock.date)
            let wrong = wrongCode(than: right)
            let outcomes = try await withThrowingTaskGroup(of: SecondFactorOutcome.self) { group in
                for _ in 0..<11 {
                    group.addTask { try await accounts.verifySecondFactor(userID: owner.id, code: wrong) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .refused }.count == 4)
            #expect(!outcomes.contains(.accepted))
            guard case .throttled = try await accounts.verifySecondFactor(userID: owner.id, code: right) else {
                Issue.record("codes must not be checked while the account is blocked")
                return
            }
            clock.advance(2)
            // Not used up while blocked: it works once the block ends (still within its window).
            #expect(try await accounts.verifySecondFactor(userID: owner.id, code: right) == .accepted)
        }
    }

    @Test("a sign-in that succeeds from a busy address takes back its count and leaves no block")
    func successFromSharedAddress() async throws {
        try await withAccountStore { accounts, clock in
            _ = try await accountWithPassword(accounts, clock, "office.one", role: .viewer)
            _ = try await accountWithPassword(accounts, clock, "office.two", role: .viewer)
            for attempt in 0..<10 {
                #expect(
                    try await accounts.signIn(username: "typo\(attempt)", password: "x", address: "10.4.4.4")
                        == .refused)
            }
            for username in ["office.one", "office.two", "office.one"] {
                guard
                    case .success = try await accounts.signIn(
                        username: username, password: Self.password, address: "10.4.4.4")
                else {
                    Issue.record("\(username) must sign in from the office's address")
                    return
                }
            }
        }
    }
}
