import Foundation
import SQLKit
import Synchronization
import WhereaboutsCore
import WhereaboutsSecurity

/// The data keys of an installation, unwrapped with its key-encryption key and held in memory while
/// the store is open: per compartment, the sealing keys by version (the newest seals new data) and
/// one blind-index key.
///
/// Keys are created in their own committed transaction before any data is sealed with them, so no
/// value is ever sealed under a key that a rollback could lose.
public final class Keyring: Sendable {
    public let kek: KeyEncryptionKey
    private let state = Mutex(State())

    struct State {
        var keys: [String: DataKey] = [:]
        /// Newest sealing key id per compartment.
        var current: [String: (id: String, version: Int)] = [:]
        /// Keys stored under this key-encryption key that do not open (damaged or altered rows).
        var unreadable: [String] = []
    }

    /// Ids of stored data keys that the key-encryption key does not open: what they sealed cannot be
    /// read, but one damaged key never stops the rest of the store from opening.
    public var unreadableKeys: [String] { state.withLock { $0.unreadable } }

    public init(kek: KeyEncryptionKey) { self.kek = kek }

    /// A keyring with a new random key-encryption key, for tests and throwaway stores.
    public static func ephemeral() -> Keyring { Keyring(kek: .generate()) }

    /// The key with `id`, if this process has loaded it.
    func key(_ id: String) throws -> DataKey {
        guard let key = state.withLock({ $0.keys[id] }) else { throw KeyError.unknownKey(id) }
        return key
    }

    /// The sealing and index keys for new data of `compartment` (which must have been ensured).
    func sealer(for compartment: String) throws -> RecordSealer {
        let (seal, index) = state.withLock { state in
            (state.current[compartment].flatMap { state.keys[$0.id] }, state.keys[Self.indexID(compartment)])
        }
        guard let seal, let index else { throw KeyError.unknownKey(compartment) }
        return RecordSealer(sealKey: seal, indexKey: index)
    }

    /// Every blind-index key loaded, for looking a term up in every compartment.
    var indexKeys: [DataKey] {
        state.withLock { state in state.keys.values.filter { $0.id.hasSuffix(".index") }.sorted { $0.id < $1.id } }
    }

    static func indexID(_ compartment: String) -> String { compartment + ".index" }

    /// Loads (again) every data key from the database. Fails with
    /// ``KeyringError/otherKeyEncryptionKey`` when they were wrapped by another key-encryption key.
    func reload(from database: any DatabaseHandle) async throws {
        let rows = try await database.read { db in
            try await db.raw("SELECT id, compartment_id, purpose, version, wrapped, kek_fingerprint FROM data_keys")
                .all(decoding: DataKeyRow.self)
        }
        var fresh = State()
        for row in rows {
            guard row.kek_fingerprint == kek.fingerprint else { throw KeyringError.otherKeyEncryptionKey }
            guard let key = try? kek.unwrap(row.wrapped, id: row.id) else {
                fresh.unreadable.append(row.id)
                continue
            }
            fresh.keys[row.id] = key
            if row.purpose == "seal", (fresh.current[row.compartment_id]?.version ?? 0) < row.version {
                fresh.current[row.compartment_id] = (row.id, row.version)
            }
        }
        state.withLock { $0 = fresh }
    }

    /// Makes sure each compartment has a sealing key and an index key, creating what is missing in
    /// one committed transaction (another process creating the same keys at once is harmless: the
    /// first to commit wins, and both then use its keys).
    func ensureKeys(for compartments: Set<String>, in database: any DatabaseHandle, now: String) async throws {
        let missing = state.withLock { state in
            compartments.filter { state.current[$0] == nil || state.keys[Self.indexID($0)] == nil }
        }
        guard !missing.isEmpty else { return }
        try await reload(from: database)
        let stillMissing = state.withLock { state in
            missing.filter { state.current[$0] == nil || state.keys[Self.indexID($0)] == nil }
        }
        guard !stillMissing.isEmpty else { return }
        let kek = self.kek
        try await database.write { db in
            // Keys only for compartments that exist, checked in the transaction that makes them.
            let existing = Set(
                try await db.raw("SELECT id FROM compartments WHERE id IN (\(binds: stillMissing.sorted()))")
                    .all(decodingColumn: "id", as: String.self))
            if let unknown = stillMissing.subtracting(existing).sorted().first {
                throw StoreError.invalid([FieldIssue(path: "/compartments", message: "no compartment '\(unknown)'")])
            }
            for compartment in stillMissing.sorted() {
                for (id, purpose, version) in [
                    (compartment + ".1", "seal", 1), (Self.indexID(compartment), "index", 0),
                ] {
                    try await Self.insertKey(
                        id: id, compartment: compartment, purpose: purpose, version: version, kek: kek, now: now, in: db
                    )
                }
            }
        }
        try await reload(from: database)
    }

    /// Adds a new sealing key version for each of `compartments` (committed), which then seals new
    /// data; returns the new key ids.
    func addSealingKeys(for compartments: Set<String>, in database: any DatabaseHandle, now: String)
        async throws -> [String]
    {
        try await ensureKeys(for: compartments, in: database, now: now)
        let kek = self.kek
        let ids = try await database.write { db in
            var ids: [String] = []
            for compartment in compartments.sorted() {
                let latest =
                    try await db.raw(
                        """
                        SELECT MAX(version) AS v FROM data_keys
                        WHERE compartment_id = \(bind: compartment) AND purpose = 'seal'
                        """
                    ).first(decodingColumn: "v", as: Int?.self) ?? nil
                let version = (latest ?? 0) + 1
                let id = "\(compartment).\(version)"
                try await Self.insertKey(
                    id: id, compartment: compartment, purpose: "seal", version: version, kek: kek, now: now, in: db)
                ids.append(id)
            }
            return ids
        }
        try await reload(from: database)
        return ids
    }

    /// A key of the whole installation rather than of a compartment; `@` in its id keeps it apart
    /// from any compartment's keys.
    enum InstallationKey: String {
        /// Seals account secrets (second-factor secrets).
        case account
        /// Keys the pseudonyms readers without identity access see (``Pseudonym``).
        case pseudonym
        /// Keys the addresses of evidence content (decision 0022), so an address does not confirm a known file.
        case evidence

        var compartment: String {
            switch self {
            case .account: "@accounts"
            case .pseudonym: "@pseudonyms"
            case .evidence: "@evidence"
            }
        }
        var id: String { compartment + ".1" }
    }

    /// The installation key for `purpose`, created (committed) on first use.
    func installationKey(_ purpose: InstallationKey, in database: any DatabaseHandle, now: String) async throws
        -> DataKey
    {
        if let key = try? key(purpose.id) { return key }
        let kek = self.kek
        try await database.write { db in
            try await Self.insertKey(
                id: purpose.id, compartment: purpose.compartment, purpose: purpose.rawValue, version: 1, kek: kek,
                now: now, in: db)
        }
        try await reload(from: database)
        return try key(purpose.id)
    }

    /// The key that seals account secrets, created (committed) on first use.
    func accountSecretsKey(in database: any DatabaseHandle, now: String) async throws -> DataKey {
        try await installationKey(.account, in: database, now: now)
    }

    /// The installation's pseudonyms, once their key is loaded (``installationKey(_:in:now:)`` at open).
    func pseudonyms() throws -> Pseudonym { Pseudonym(key: try key(InstallationKey.pseudonym.id)) }

    /// The key with `id`, reloading the keyring once if this process has not loaded it yet (another
    /// process made it). Never creates a key.
    func key(_ id: String, reloadingFrom database: any DatabaseHandle) async throws -> DataKey {
        if let key = try? key(id) { return key }
        try await reload(from: database)
        return try key(id)
    }

    /// Writes a new random data key with `id`, wrapped under `kek`; a key another process wrote under
    /// the same id first is kept (and is the one everyone then loads).
    private static func insertKey(
        id: String, compartment: String, purpose: String, version: Int, kek: KeyEncryptionKey, now: String,
        in db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO data_keys (id, compartment_id, purpose, version, wrapped, kek_fingerprint, created_at)
            VALUES (\(bind: id), \(bind: compartment), \(bind: purpose), \(bind: version),
                \(bind: try kek.wrap(DataKey.generate(id: id))), \(bind: kek.fingerprint), \(bind: now))
            ON CONFLICT (id) DO NOTHING
            """
        ).run()
    }

    /// Whether `id` is the newest sealing key of its compartment.
    func isCurrent(_ id: String) -> Bool {
        state.withLock { state in state.current.values.contains { $0.id == id } }
    }

    /// The compartment a key id belongs to.
    static func compartment(ofKey id: String) -> String? {
        id.lastIndex(of: ".").map { String(id[..<$0]) }
    }
}

/// Why the keyring could not be opened.
public enum KeyringError: Error, Equatable, CustomStringConvertible {
    /// The store's data keys were wrapped by a different key-encryption key than the one given.
    case otherKeyEncryptionKey

    public var description: String {
        switch self {
        case .otherKeyEncryptionKey:
            return "this store's data keys were wrapped by a different key-encryption key than the one given "
                + "(check the key file, the passphrase or WHEREABOUTS_KEK)"
        }
    }
}

private struct DataKeyRow: Decodable {
    let id: String
    let compartment_id: String
    let purpose: String
    let version: Int
    let wrapped: String
    let kek_fingerprint: String
}
