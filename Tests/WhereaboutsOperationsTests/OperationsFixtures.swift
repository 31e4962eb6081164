import Foundation
import SQLKit
import Synchronization
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// What a use-case test works on: a fresh store (SQLite, or PostgreSQL when the run names one), its
/// accounts and its audit log.
struct OperationsFixture {
    let store: SQLRecordStore
    let accounts: AccountStore
    let audit: AuditLog
    let clock: TestClock

    static func with(_ body: @escaping @Sendable (OperationsFixture) async throws -> Void) async throws {
        try await TestDatabase.withStore { store in
            let clock = TestClock()
            try await body(
                OperationsFixture(
                    store: store,
                    accounts: AccountStore(database: store.database, clock: clock.function, hasher: .testing),
                    audit: AuditLog(database: store.database, clock: clock.function, signer: nil), clock: clock))
        }
    }

    /// Makes every later audit append fail, as a damaged log would: the chain's head is gone.
    func breakAuditChain() async throws {
        try await store.database.write { db in try await db.raw("DELETE FROM audit_head").run() }
    }

    /// An account of `role` in `compartments`, with its password set.
    func account(_ username: String, role: Role, compartments: [String] = ["general"]) async throws -> Account {
        let (_, link) = try await accounts.createAccount(
            username: username, role: role, compartments: compartments)
        return try await accounts.completeSetup(token: link, password: Self.password)
    }

    static let password = "a long and unusual passphrase"
}
