import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsSecurity

/// One data key as `keys status` lists it (never its material).
public struct DataKeyInfo: Sendable, Hashable {
    public let id: String
    public let compartment: String
    public let purpose: String
    public let createdAt: String
    /// Whether it is in use for new data: the newest sealing key of its compartment, or any key that
    /// has no versions (index keys, the installation's account and pseudonym keys).
    public let current: Bool
}

extension SQLRecordStore {
    /// The data keys, by compartment and version.
    public func dataKeys() async throws -> [DataKeyInfo] {
        let keyring = protection.keyring
        let rows = try await database.read { db in
            try await db.raw(
                "SELECT id, compartment_id, purpose, created_at FROM data_keys ORDER BY compartment_id, purpose, version"
            ).all()
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: String.self)
            let purpose = try row.decode(column: "purpose", as: String.self)
            return DataKeyInfo(
                id: id, compartment: try row.decode(column: "compartment_id", as: String.self), purpose: purpose,
                createdAt: try row.decode(column: "created_at", as: String.self),
                current: purpose != "seal" || (keyring?.isCurrent(id) ?? false))
        }
    }

    /// Wraps every data key again under `newKey`, in one transaction: afterwards only `newKey`
    /// opens the store. The caller keeps `newKey` safe *before* calling (see `keys rotate`).
    /// Returns how many keys were re-wrapped.
    @discardableResult
    public func rewrapKeys(under newKey: KeyEncryptionKey) async throws -> Int {
        guard let keyring = protection.keyring else { return 0 }
        let old = keyring.kek
        return try await database.write { db in
            let rows = try await db.raw("SELECT id, wrapped, kek_fingerprint FROM data_keys").all()
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                guard try row.decode(column: "kek_fingerprint", as: String.self) == old.fingerprint else {
                    throw KeyringError.otherKeyEncryptionKey
                }
                let key = try old.unwrap(try row.decode(column: "wrapped", as: String.self), id: id)
                try await db.raw(
                    """
                    UPDATE data_keys SET wrapped = \(bind: try newKey.wrap(key)), kek_fingerprint = \(bind: newKey.fingerprint)
                    WHERE id = \(bind: id)
                    """
                ).run()
            }
            return rows.count
        }
    }

    /// Gives each compartment (or those named) a new sealing key and moves every sealed value onto
    /// its compartment's newest key (``sealAll(progress:)``). With `resume`, no new keys are made:
    /// an interrupted move is finished. Returns the new key ids and the values moved.
    public func reencrypt(
        compartments: Set<String>? = nil, resume: Bool = false, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> (newKeys: [String], moved: Int) {
        guard let keyring = protection.keyring else { return ([], 0) }
        var newKeys: [String] = []
        if !resume {
            let all = Set(
                try await database.read { db in
                    try await db.raw("SELECT id FROM compartments").all(decodingColumn: "id", as: String.self)
                })
            if let unknown = compartments?.subtracting(all).sorted().first {
                throw StoreError.invalid([FieldIssue(path: "/compartments", message: "no compartment '\(unknown)'")])
            }
            newKeys = try await keyring.addSealingKeys(
                for: compartments ?? all, in: database, now: Timestamp.format(clock()))
        }
        let moved = try await sealAll(progress: progress)
        if moved > 0 { try await reclaimSealedSpace() }
        return (newKeys, moved)
    }
}
