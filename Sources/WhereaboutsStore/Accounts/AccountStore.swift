import Foundation
import Logging
import SQLKit
import Synchronization
import WhereaboutsCore
import WhereaboutsSecurity

/// Accounts, compartments, sessions, API tokens and sign-in throttling, on the same database as the records.
public final class AccountStore: Sendable {
    let database: any DatabaseHandle
    let clock: @Sendable () -> Date
    let hasher: PasswordHasher
    let policy: PasswordPolicy
    public let sessionPolicy: SessionPolicy
    /// Seals second-factor secrets; `nil` keeps them in clear (tests of accounts alone).
    let keyring: Keyring?
    /// Sessions recently read, by token hash: a page view needs no query while its entry is young.
    let sessionCache = Mutex<[String: (session: Session, lastSeen: Date, created: Date, fetched: Date)]>([:])
    /// Moves on at every change to accounts or sessions: a session read from the database before a
    /// change committed is not cached after it (it could carry access the change took away).
    let sessionCacheGeneration = Atomic<Int>(0)

    /// How long sessions and links live.
    public struct SessionPolicy: Sendable {
        /// A session unused this long ends.
        public var idleTimeout: TimeInterval = 30 * 60
        /// A session ends this long after sign-in, however busy.
        public var absoluteTimeout: TimeInterval = 12 * 3600
        /// A set-up or reset link works this long.
        public var linkLifetime: TimeInterval = 72 * 3600
        /// How long a session read from the database is reused without reading it again. Changes
        /// made through this process (sign-out, disabling, new permissions) apply at once; made by
        /// another process sharing the database, within this time.
        public var cacheLifetime: TimeInterval = 5
        public init() {}
    }

    /// The accounts of `store`'s database, sealing second-factor secrets with its keyring.
    public convenience init(
        store: SQLRecordStore, clock: @escaping @Sendable () -> Date, hasher: PasswordHasher = .standard
    ) {
        self.init(database: store.database, clock: clock, hasher: hasher, keyring: store.protection.keyring)
    }

    /// The store for a database whose schema is current (open a ``SQLRecordStore`` on it first).
    public init(
        database: any DatabaseHandle, clock: @escaping @Sendable () -> Date, hasher: PasswordHasher = .standard,
        policy: PasswordPolicy = .standard, sessionPolicy: SessionPolicy = SessionPolicy(), keyring: Keyring? = nil
    ) {
        self.keyring = keyring
        self.database = database
        self.clock = clock
        self.hasher = hasher
        self.policy = policy
        self.sessionPolicy = sessionPolicy
    }

    var now: String { Timestamp.format(clock()) }

    /// Forgets every cached session: called by every change to accounts or sessions.
    func forgetSessions() {
        sessionCacheGeneration.add(1, ordering: .sequentiallyConsistent)
        sessionCache.withLock { $0.removeAll() }
    }

    /// A write to accounts or sessions; cached sessions are forgotten once it has committed.
    func accountWrite<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        defer { forgetSessions() }
        return try await database.write(body)
    }

    func time(_ offset: TimeInterval) -> String { Timestamp.format(clock().addingTimeInterval(offset)) }

    // MARK: - Compartments

    /// Every compartment, by name.
    public func compartments() async throws -> [Compartment] {
        try await database.read { db in
            try await db.raw("SELECT id, name FROM compartments ORDER BY name").all().map {
                Compartment(
                    id: try $0.decode(column: "id", as: String.self),
                    name: try $0.decode(column: "name", as: String.self))
            }
        }
    }

    /// Creates a compartment; its id is a short code of lower-case letters, digits and dashes.
    /// `alsoInTransaction` runs in the same transaction.
    public func createCompartment(id: String, name: String, alsoInTransaction: AlsoInTransaction? = nil)
        async throws -> Compartment
    {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard CompartmentID.isValid(id), !name.isEmpty, name.count <= 200 else {
            throw AccountError.invalidCompartment
        }
        let now = self.now
        try await database.write { db in
            if try await db.raw("SELECT id FROM compartments WHERE id = \(bind: id)").first() != nil {
                throw AccountError.invalidCompartment
            }
            try await db.raw(
                "INSERT INTO compartments (id, name, created_at) VALUES (\(bind: id), \(bind: name), \(bind: now))"
            ).run()
            try await alsoInTransaction?(db)
        }
        return Compartment(id: id, name: name)
    }
}
