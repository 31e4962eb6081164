import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity

/// Evidence moved onto its compartment's newest data key (`keys reencrypt`, decision 0029): the
/// frames are opened and sealed again one at a time, written beside the old ones, read back and
/// checked, and only then swapped in, in one transaction with the item's key, its description and
/// timestamp statement sealed again, and a `reencryption` custody entry. A run that stops part-way
/// leaves the old frames as they were; what it wrote is removed by the next run (or by the clean-up
/// of interrupted intakes).
extension SQLRecordStore {
    /// Items whose content is sealed under a key other than the newest of the compartment their record
    /// is sealed in (their record moved, or the compartment has a new key), oldest first.
    public func evidenceToReencrypt() async throws -> [String] {
        guard let keyring = protection.keyring else { return [] }
        let rows = try await database.read { db in
            let items = try await db.raw("SELECT id, record_id, key_id FROM evidence_items ORDER BY created_at, id")
                .all(decoding: KeyedItemRow.self)
            let placements = try await self.placements(Array(Set(items.map(\.record_id))), in: db)
            return items.map { ($0, Self.sealingCompartment(placements[$0.record_id] ?? [])) }
        }
        try await keyring.ensureKeys(for: Set(rows.map(\.1)), in: database, now: Timestamp.format(clock()))
        return try rows.filter { row, compartment in
            try keyring.sealer(for: compartment).sealKey?.id != row.key_id
        }.map(\.0.id)
    }

    /// Seals item `id`'s content again under the newest key of its record's compartment, never
    /// holding more than a few frames in memory; `also` adds to the swap's transaction (the custody
    /// entry's audit entry; it is given the item's record too). Items of deleted records are moved
    /// as well: they are kept (decision 0029). Nil when the item is already under that key. Throws, leaving the item
    /// as it was, when its stored content does not verify.
    public func reencryptEvidence(
        _ id: String, actor: String, also: @escaping @Sendable (CustodyEntry, RecordID) -> AlsoInTransaction
    ) async throws -> CustodyEntry? {
        guard let keyring = protection.keyring else { return nil }
        let (row, compartments) = try await database.read { db in
            guard
                let row = try await db.raw("SELECT \(EvidenceRow.columns) FROM evidence_items WHERE id = \(bind: id)")
                    .first(decoding: EvidenceRow.self)
            else { throw StoreError.noSuchEvidence(id) }
            return (row, try await self.placements([row.record_id], in: db)[row.record_id] ?? [])
        }
        let item = try await openingKeys { try openEvidence(row) }
        let compartment = Self.sealingCompartment(compartments)
        try await keyring.ensureKeys(for: [compartment], in: database, now: Timestamp.format(clock()))
        guard let newKey = try keyring.sealer(for: compartment).sealKey else { throw KeyError.unknownKey(compartment) }
        let oldKeyID = try await database.read { db in try await Self.keyID(of: id, in: db) }
        guard oldKeyID != newKey.id else { return nil }

        // Beside the old frames: a run that stopped part-way left nothing the item reads.
        let staging = FrameSet(item: id, key: newKey.id, staged: true)
        let old = FrameSet(item: id, key: oldKeyID)
        try await evidenceFrames.remove(staging)
        do {
            let cipher = FrameCipher(dataKey: newKey, item: id)
            let expected = item.description.intake
            var batch: [(index: Int, sealed: [UInt8])] = []
            var index = 0
            try await evidenceReader(item).read { plain in
                batch.append((index, try cipher.seal(plain, index: index, final: index == expected.frames - 1)))
                index += 1
                if batch.count >= Self.framesPerWrite {
                    try await self.evidenceFrames.append(batch, to: staging)
                    batch.removeAll()
                }
            }
            try await evidenceFrames.append(batch, to: staging)
            try await evidenceFrames.seal(staging)
            // The new frames are read back and checked whole before anything old is let go.
            try await EvidenceReader(cipher: cipher, expected: expected, fetch: evidenceFrames.fetcher(staging))
                .verify()
            guard
                let entry = try await swapFrames(
                    item, staging: staging, from: old, to: newKey, actor: actor, also: also)
            else {
                // Unless that run moved it onto the same key: then these frames are the ones it reads.
                if try await database.read({ db in try await Self.keyID(of: id, in: db) }) != staging.key {
                    try await evidenceFrames.remove(staging)
                }
                return nil
            }
            try? await evidenceFrames.release(old)
            return entry
        } catch {
            try? await evidenceFrames.remove(staging)
            throw error
        }
    }

    private func swapFrames(
        _ item: EvidenceItem, staging: FrameSet, from old: FrameSet, to newKey: DataKey, actor: String,
        also: @escaping @Sendable (CustodyEntry, RecordID) -> AlsoInTransaction
    ) async throws -> CustodyEntry? {
        let id = item.id
        let oldKeyID = old.key
        let frames = evidenceFrames
        let description = try SealedValue.seal(
            String(decoding: try JSONEncoder.sortedKeys.encode(item.description), as: UTF8.self), with: newKey,
            record: id, field: "evidence")
        let statement = try await evidenceTimestamp(of: item).map {
            try SealedValue.seal($0.statement.text, with: newKey, record: id, field: "timestamp")
        }
        let lock: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE" : ""
        let now = Timestamp.format(clock())
        return try await changingWrite { db in
            // Another run may have moved the item meanwhile: then its frames are kept and these dropped.
            guard
                try await db.raw("SELECT key_id FROM evidence_items WHERE id = \(bind: id)\(lock)")
                    .first(decodingColumn: "key_id", as: String.self) == oldKeyID
            else { return nil }
            try await frames.promote(staging, replacing: old, in: db)
            try await db.raw(
                """
                UPDATE evidence_items SET key_id = \(bind: newKey.id), description = \(bind: description)
                WHERE id = \(bind: id)
                """
            ).run()
            if let statement {
                try await db.raw(
                    "UPDATE evidence_timestamps SET statement = \(bind: statement) WHERE item_id = \(bind: id)"
                ).run()
            }
            // The chain's earlier entries keep the key they were sealed with: their sealed form is
            // what the chain's hashes, and the audit log's signed checkpoints, cover.
            let last = try await Self.lastCustody(of: id, in: db)
            let index = (last?.index ?? -1) + 1
            let entry = CustodyEntry(
                after: last, item: id, event: .reencryption, actor: actor, at: now,
                fromHash: try self.sealCustody(item.sha256, item: id, index: index, field: "from", key: newKey),
                toHash: try self.sealCustody(item.sha256, item: id, index: index, field: "to", key: newKey),
                note: try self.sealCustody(
                    "sealed again under \(newKey.id) (was \(oldKeyID))", item: id, index: index, field: "note",
                    key: newKey))
            try await Self.insert(entry, in: db)
            try await also(entry, item.recordID)(db)
            return entry
        }
    }
}

/// An item's id, record and key.
private struct KeyedItemRow: Decodable {
    let id: String
    let record_id: String
    let key_id: String
}
