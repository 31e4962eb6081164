import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsSecurity

/// Sealing as records are written and read: which compartment's keys seal a record, and reloading keys
/// another server made.
extension SQLRecordStore {
    var opener: IdentityOpener { IdentityOpener(keyring: protection.keyring) }

    /// The compartment whose keys seal records a writer creates: the first of its compartments.
    static func sealingCompartment(_ compartments: Set<String>) -> String { compartments.min() ?? "general" }

    /// The sealer for records `writer` creates.
    ///
    /// The writer's compartments are checked first (well formed, the writer's); the keyring makes keys
    /// only for compartments that exist (``Keyring/ensureKeys(for:in:now:)``), and the write checks
    /// existence again in its own transaction, so a request naming a compartment that does not exist
    /// never makes key material for it.
    func sealerForNewRecords(by writer: Writer) async throws -> RecordSealer {
        try writer.requirePlaceable()
        guard let keyring = protection.keyring else { return .unsealed }
        let compartment = Self.sealingCompartment(writer.compartments)
        try await keyring.ensureKeys(for: [compartment], in: database, now: Timestamp.format(clock()))
        return try keyring.sealer(for: compartment)
    }

    /// The sealer for a new version of a stored record: the newest keys of the compartment it was
    /// sealed in (for a record from before sealing, its first compartment).
    func sealer(forExisting row: RecordRow, in db: any SQLDatabase) async throws -> RecordSealer {
        guard let keyring = protection.keyring, let kind = RecordKind(rawValue: row.kind),
            !kind.bodyType.identityFields.isEmpty
        else { return .unsealed }
        let compartment = try await sealedCompartment(of: row.id, stored: row.identity ?? row.title, in: db)
        do {
            return try keyring.sealer(for: compartment)
        } catch KeyError.unknownKey {
            try await keyring.reload(from: database)
            return try keyring.sealer(for: compartment)
        }
    }

    /// The compartment a record is sealed in: the one its stored value names, or, for a record from
    /// before sealing, the first of the compartments it is placed in.
    func sealedCompartment(of id: String, stored: String, in db: any SQLDatabase) async throws -> String {
        if let key = SealedValue.keyID(of: stored), let sealedIn = Keyring.compartment(ofKey: key) { return sealedIn }
        return Self.sealingCompartment(try await placements([id], in: db)[id] ?? [])
    }

    /// Runs `body`, and once more after reloading the data keys if it met a key this process has not
    /// loaded yet (one another process created since).
    func openingKeys<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch KeyError.unknownKey(let id) {
            guard let keyring = protection.keyring else { throw KeyError.unknownKey(id) }
            try await keyring.reload(from: database)
            return try await body()
        }
    }
}
