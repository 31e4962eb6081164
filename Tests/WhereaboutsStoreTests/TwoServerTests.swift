import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Two servers of one installation: two handles on one database (as two `whereabouts serve` on one
/// PostgreSQL hold), each with its own clock. What one does is seen by the other — at once for the
/// audit chain, tokens and throttling, within the stated bounds for cached sessions (their cache
/// lifetime) and for the page cache (the generation's freshness).
@Suite("two servers on one database")
struct TwoServerTests {
    /// Runs `body` with two stores on one fresh database under one key-encryption key.
    static func withTwoServers(
        _ body: @escaping @Sendable (SQLRecordStore, SQLRecordStore, TestClock, TestClock) async throws -> Void
    ) async throws {
        try await TestDatabase.withLocatedDatabase { first, location in
            let kek = KeyEncryptionKey.generate()
            let clockA = TestClock()
            let clockB = TestClock()
            let storeA = try await SQLRecordStore.open(
                first, clock: clockA.function, logger: TestDatabase.logger, protection: .sealed(Keyring(kek: kek)))
            let second = try await TestDatabase.open(location)
            do {
                let storeB = try await SQLRecordStore.open(
                    second, clock: clockB.function, logger: TestDatabase.logger,
                    protection: .sealed(Keyring(kek: kek)))
                try await body(storeA, storeB, clockA, clockB)
                await second.close()
            } catch {
                await second.close()
                throw error
            }
        }
    }

    /// Each server's account store, on its own handle and clock.
    static func accounts(_ storeA: SQLRecordStore, _ clockA: TestClock, _ storeB: SQLRecordStore, _ clockB: TestClock)
        -> (AccountStore, AccountStore)
    {
        (
            AccountStore(database: storeA.database, clock: clockA.function, hasher: .testing),
            AccountStore(database: storeB.database, clock: clockB.function, hasher: .testing)
        )
    }

    @Test("audit entries appended at once by two servers whose clocks disagree stay in order and verify")
    func auditOrder() async throws {
        try await Self.withTwoServers { storeA, storeB, _, _ in
            let realA: @Sendable () -> Date = { Date() }
            // Server B's clock is three seconds behind server A's.
            let realB: @Sendable () -> Date = { Date().addingTimeInterval(-3) }
            // Each server signs checkpoints with its own node key, every 10 entries.
            let keyA = AuditNodeKey.generate()
            let keyB = AuditNodeKey.generate()
            let logA = AuditLog(database: storeA.database, clock: realA, signer: keyA, checkpointEvery: 10)
            let logB = AuditLog(database: storeB.database, clock: realB, signer: keyB, checkpointEvery: 10)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<60 {
                    let log = index.isMultiple(of: 2) ? logA : logB
                    group.addTask {
                        try await log.record(
                            AuditEvent(actor: "load-\(index % 7)", action: .signIn, address: "10.0.0.\(index)"))
                    }
                }
                try await group.waitForAll()
            }
            try await logA.checkpoint()
            let verification = try await logA.verify(trusting: TrustedKeys([keyA.publicKey, keyB.publicKey]))
            #expect(verification.checkpoints >= 6)
            #expect(verification.entries == 60)
            #expect(verification.problems.isEmpty, "\(verification.problems.prefix(3))")
            let entries = try await logA.entries(limit: 100).reversed()
            #expect(Array(entries.map(\.seq)) == Array(1...60))
            #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.at <= $1.at }, "times go backwards")
        }
    }

    @Test("a token revoked and wrong passwords counted on one server are seen by the other at once")
    func tokensAndThrottling() async throws {
        try await Self.withTwoServers { storeA, storeB, clockA, clockB in
            let (accountsA, accountsB) = Self.accounts(storeA, clockA, storeB, clockB)
            let (account, _) = try await accountWithPassword(accountsA, clockA, "field.worker", role: .documenter)
            let token = try await accountsA.createToken(
                userID: account.id, name: "script", permissions: account.permissions, lifetime: 3600)
            #expect(try await accountsB.authenticate(token: token) != nil)
            for info in try await accountsA.tokens(userID: account.id) {
                try await accountsA.revokeToken(id: info.id, userID: account.id)
            }
            #expect(try await accountsB.authenticate(token: token) == nil, "a revoked token still works on B")

            for _ in 0..<4 {
                #expect(
                    try await accountsA.signIn(username: "field.worker", password: "wrong", address: "10.1.1.1")
                        == .refused)
            }
            let onB = try await accountsB.signIn(
                username: "field.worker", password: AccountFixtures.password, address: "10.2.2.2")
            guard case .throttled = onB else {
                Issue.record("server B let the guessed account sign in at once: \(onB)")
                return
            }
        }
    }

    @Test("a session ended on one server is refused by the other once its cache lifetime has passed")
    func sessions() async throws {
        try await Self.withTwoServers { storeA, storeB, clockA, clockB in
            let (accountsA, accountsB) = Self.accounts(storeA, clockA, storeB, clockB)
            let (account, _) = try await accountWithPassword(accountsA, clockA, "desk.lead", role: .viewer)
            let session = try await accountsA.createSession(account: account, secondFactorDone: false, address: nil)
            #expect(try await accountsB.session(token: session) != nil)
            try await accountsA.signOutEverywhere(userID: account.id)
            #expect(try await accountsA.session(token: session) == nil)
            clockB.advance(AccountStore.SessionPolicy().cacheLifetime + 0.1)
            #expect(try await accountsB.session(token: session) == nil, "B still honours a signed-out session")
        }
    }

    @Test("a record written through one server changes the generation the other's page cache is keyed on")
    func pageCacheGeneration() async throws {
        try await Self.withTwoServers { storeA, storeB, _, clockB in
            let before = try await storeB.generation()
            _ = try await storeA.create(Sample.event(), by: .operatorWriter(actor: "server A"))
            clockB.advance(1)
            #expect(try await storeB.generation() > before)
        }
    }
}
