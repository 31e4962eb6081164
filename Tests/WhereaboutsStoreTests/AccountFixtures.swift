import Foundation
import Testing
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// What the account tests share.
enum AccountFixtures {
    static let password = "a long and unusual passphrase"
}

/// An account store on a fresh database (SQLite, or PostgreSQL when the run names one), with a
/// clock the test moves by hand.
func withAccountStore(
    _ body: @escaping @Sendable (AccountStore, TestClock) async throws -> Void
) async throws {
    try await TestDatabase.withStore { store in
        let clock = TestClock()
        try await body(AccountStore(database: store.database, clock: clock.function, hasher: .testing), clock)
    }
}

/// An account with a password set (and, when `secondFactor`, a confirmed second factor whose
/// authenticator is returned).
func accountWithPassword(
    _ accounts: AccountStore, _ clock: TestClock, _ username: String, role: Role, secondFactor: Bool = false
) async throws -> (Account, TwoFactor?) {
    let (created, link) = try await accounts.createAccount(username: username, role: role, compartments: ["general"])
    _ = try await accounts.completeSetup(token: link, password: AccountFixtures.password)
    guard secondFactor else { return (try #require(try await accounts.account(id: created.id)), nil) }
    let authenticator = TwoFactor(secret: try await accounts.beginSecondFactor(userID: created.id))
    _ = try #require(
        try await accounts.confirmSecondFactor(userID: created.id, code: authenticator.code(at: clock.date)))
    return (try #require(try await accounts.account(id: created.id)), authenticator)
}

/// A code from the same authenticator that is not `code` (so certainly wrong now).
func wrongCode(than code: String) -> String {
    String(format: "%06d", (Int(code)! + 1) % 1_000_000)
}
