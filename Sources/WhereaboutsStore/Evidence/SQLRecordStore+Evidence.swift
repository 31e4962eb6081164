import Crypto
import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity

/// Evidence items in the store (decision 0022): sealed frames (in files or rows, decision 0035), a
/// sealed description per item, and the chain of custody. An item is visible exactly when its record is, to a reader who
/// sees identities (a file may show anyone's face, voice or name); to anyone else it does not exist.
extension SQLRecordStore {
    /// Frames written per committed transaction while a file streams in.
    public static let framesPerWrite = 4

    /// Starts taking a file in for `record`: checks that `access` may see the record and that its
    /// kind carries evidence, and gives the new item's id and cipher (under the newest key of the
    /// compartment the record is sealed in).
    public func prepareEvidence(on record: RecordID, access: RecordAccess) async throws -> EvidenceSlot {
        let compartments = try await database.read { db in
            let row = try await self.visibleRow(record, access: access, in: db)
            guard access.seesIdentities, let kind = RecordKind(rawValue: row.kind), kind.bodyType.carriesEvidence
            else { throw StoreError.notFound(record) }
            return try await self.placements([row.id], in: db)[row.id] ?? []
        }
        guard let keyring = protection.keyring else {
            throw KeyError.malformed("evidence is only kept sealed; this store has no keys")
        }
        let compartment = Self.sealingCompartment(compartments)
        try await keyring.ensureKeys(for: [compartment], in: database, now: Timestamp.format(clock()))
        guard let key = try keyring.sealer(for: compartment).sealKey else { throw KeyError.unknownKey(compartment) }
        let id = "ev" + SecretToken.randomBytes(12).hex
        return EvidenceSlot(id: id, recordID: record, cipher: FrameCipher(dataKey: key, item: id))
    }

    /// Writes sealed frames of an item being taken in (a long upload never holds a write transaction
    /// open).
    public func storeEvidenceFrames(_ frames: [(index: Int, sealed: [UInt8])], of slot: EvidenceSlot) async throws {
        try await evidenceFrames.append(frames, to: FrameSet(item: slot.id, key: slot.cipher.keyID))
    }

    /// Removes the frames of an intake that did not finish, and those any other intake or
    /// re-encryption left more than a day ago without an item reading them (a process killed part-way).
    public func discardEvidenceFrames(of slot: EvidenceSlot) async throws {
        try await evidenceFrames.remove(FrameSet(item: slot.id, key: slot.cipher.keyID))
        try await sweepEvidenceFrames(before: clock().addingTimeInterval(-86_400))
    }

    /// Removes frames written before `cutoff` that no item reads from.
    public func sweepEvidenceFrames(before cutoff: Date) async throws {
        try await evidenceFrames.sweep(before: cutoff, current: try await evidenceKeys())
    }

    /// What the frame storage holds that no item reads from (an intake or re-encryption that did not
    /// finish), by name.
    public func evidenceStrays() async throws -> [String] {
        try await evidenceFrames.strays(try await evidenceKeys())
    }

    /// Each item's id and the id of the data key its frames are sealed under.
    func evidenceKeys() async throws -> [String: String] {
        let rows = try await database.read { db in
            try await db.raw("SELECT id, key_id FROM evidence_items").all(decoding: ItemKeyRow.self)
        }
        return Dictionary(rows.map { ($0.id, $0.key_id) }, uniquingKeysWith: { first, _ in first })
    }

    /// Records the item whose frames are stored, with its first custody entry (`intake`, or
    /// `derived-from` for a copy of `parent`, which gets a `derivation` entry), in one transaction
    /// with what `also` adds (the audit entries of the custody entries it is given).
    public func commitEvidence(
        _ slot: EvidenceSlot, description: EvidenceDescription, parent: EvidenceItem?, actor: String, note: String,
        also: @escaping @Sendable ([CustodyEntry]) -> AlsoInTransaction
    ) async throws -> EvidenceItem {
        let key = try await evidenceKey(slot.cipher.keyID)
        let sealed = try SealedValue.seal(
            String(decoding: try JSONEncoder.sortedKeys.encode(description), as: UTF8.self), with: key,
            record: slot.id, field: "evidence")
        let address = try await contentAddress(description.intake.sha256)
        let now = Timestamp.format(clock())
        let item = EvidenceItem(
            id: slot.id, recordID: slot.recordID, parentID: parent?.id, description: description, createdAt: now,
            createdBy: actor)
        let sealedNote = try sealCustody(note, item: slot.id, index: 0, field: "note", key: key)
        var parentKey: DataKey?
        if let parent {
            parentKey = try await evidenceKey(
                try await database.read { db in try await Self.keyID(of: parent.id, in: db) })
        }
        let keyOfParent = parentKey
        // The frames are durable before the row that names them is.
        try await evidenceFrames.seal(FrameSet(item: slot.id, key: slot.cipher.keyID))
        // A new item changes its record's page: the generation moves on, so cached pages are redrawn.
        try await changingWrite { db in
            // The record may have moved out of reach, or gone, since the upload began.
            guard
                try await db.raw(
                    "SELECT id FROM records WHERE id = \(bind: slot.recordID.description) AND deleted = 0"
                ).first() != nil
            else { throw StoreError.notFound(slot.recordID) }
            try await db.raw(
                """
                INSERT INTO evidence_items (id, record_id, parent_id, address, key_id, description, created_at, created_by)
                VALUES (\(bind: slot.id), \(bind: slot.recordID.description), \(bind: parent?.id), \(bind: address),
                    \(bind: key.id), \(bind: sealed), \(bind: now), \(bind: actor))
                """
            ).run()
            var entries = [
                CustodyEntry(
                    after: nil, item: slot.id, event: parent == nil ? .intake : .derivedFrom, actor: actor, at: now,
                    fromHash: try self.sealCustody(
                        parent?.sha256 ?? "", item: slot.id, index: 0, field: "from", key: key),
                    toHash: try self.sealCustody(
                        description.intake.sha256, item: slot.id, index: 0, field: "to", key: key),
                    note: sealedNote)
            ]
            try await Self.insert(entries[0], in: db)
            if let parent, let parentKey = keyOfParent {
                let last = try await Self.lastCustody(of: parent.id, in: db)
                let index = (last?.index ?? -1) + 1
                let entry = CustodyEntry(
                    after: last, item: parent.id, event: .derivation, actor: actor, at: now,
                    fromHash: try self.sealCustody(
                        parent.sha256, item: parent.id, index: index, field: "from", key: parentKey),
                    toHash: try self.sealCustody(
                        description.intake.sha256, item: parent.id, index: index, field: "to", key: parentKey),
                    note: try self.sealCustody(
                        "\(slot.id): \(description.transformation ?? "")", item: parent.id, index: index,
                        field: "note", key: parentKey))
                try await Self.insert(entry, in: db)
                entries.append(entry)
            }
            try await also(entries)(db)
        }
        return item
    }

    /// The items of `record`, oldest first; a record `access` may not see (or without identity
    /// access) is not found.
    public func evidenceItems(on record: RecordID, access: RecordAccess) async throws -> [EvidenceItem] {
        let rows = try await database.read { db in
            let row = try await self.visibleRow(record, access: access, in: db)
            guard access.seesIdentities, RecordKind(rawValue: row.kind)?.bodyType.carriesEvidence == true else {
                throw StoreError.notFound(record)
            }
            return try await db.raw(
                """
                SELECT \(EvidenceRow.columns) FROM evidence_items WHERE record_id = \(bind: record.description)
                ORDER BY created_at, id
                """
            ).all(decoding: EvidenceRow.self)
        }
        return try await openingKeys { try rows.map(openEvidence) }
    }

    /// The item with `id`, if `access` may see its record and identities; else
    /// ``StoreError/noSuchEvidence(_:)``, as for an id that does not exist.
    public func evidenceItem(_ id: String, access: RecordAccess) async throws -> EvidenceItem {
        let row = try await database.read { db in try await self.visibleEvidenceRow(id, access: access, in: db) }
        return try await openingKeys { try openEvidence(row) }
    }

    /// Whether the source an item hangs from withholds its files (its consent no longer covers
    /// internal documentation), as it withholds its testimony.
    public func evidenceWithheld(_ item: EvidenceItem) async throws -> Bool {
        // The consent is sealed with the source's identity, so it is read as the operator reads it;
        // nothing of it leaves this function but the answer.
        guard let source = try await get(item.recordID, access: .operatorAccess).body as? Source else { return false }
        return !source.allows(.internalDocumentation)
    }

    /// An item's chain of custody in order, notes opened.
    public func custody(of id: String, access: RecordAccess) async throws -> [CustodyRecord] {
        let entries = try await database.read { db in
            _ = try await self.visibleEvidenceRow(id, access: access, in: db)
            return try await Self.custodyEntries(of: id, in: db)
        }
        guard let keyring = protection.keyring else { throw KeyError.unknownKey("evidence") }
        // Each value opens with the key it names: entries written before a re-encryption keep theirs.
        return try await openingKeys {
            try entries.map { entry in
                CustodyRecord(
                    entry: entry,
                    fromHash: try openCustody(
                        entry.fromHash, item: id, index: entry.index, field: "from", key: keyring.key),
                    toHash: try openCustody(entry.toHash, item: id, index: entry.index, field: "to", key: keyring.key),
                    note: try openCustody(entry.note, item: id, index: entry.index, field: "note", key: keyring.key))
            }
        }
    }

    /// A reader of an item's stored frames.
    public func evidenceReader(_ item: EvidenceItem) async throws -> EvidenceReader {
        let keyID = try await database.read { db in try await Self.keyID(of: item.id, in: db) }
        let cipher = FrameCipher(dataKey: try await evidenceKey(keyID), item: item.id)
        return EvidenceReader(
            cipher: cipher, expected: item.description.intake,
            fetch: evidenceFrames.fetcher(FrameSet(item: item.id, key: keyID)))
    }

    /// Appends a custody entry to an item's chain, with what `also` adds in the same transaction.
    public func appendCustody(
        to item: EvidenceItem, event: CustodyEntry.Event, actor: String, fromHash: String, toHash: String,
        note: String, also: @escaping @Sendable (CustodyEntry) -> AlsoInTransaction
    ) async throws -> CustodyEntry {
        let keyID = try await database.read { db in try await Self.keyID(of: item.id, in: db) }
        let key = try await evidenceKey(keyID)
        let now = Timestamp.format(clock())
        let lock: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE" : ""
        return try await database.write { db in
            // The item row is locked so two servers never chain onto the same last entry.
            _ = try await db.raw("SELECT id FROM evidence_items WHERE id = \(bind: item.id)\(lock)").first()
            let last = try await Self.lastCustody(of: item.id, in: db)
            let index = (last?.index ?? -1) + 1
            let entry = CustodyEntry(
                after: last, item: item.id, event: event, actor: actor, at: now,
                fromHash: try self.sealCustody(fromHash, item: item.id, index: index, field: "from", key: key),
                toHash: try self.sealCustody(toHash, item: item.id, index: index, field: "to", key: key),
                note: try self.sealCustody(note, item: item.id, index: index, field: "note", key: key))
            try await Self.insert(entry, in: db)
            try await also(entry)(db)
            return entry
        }
    }

    /// Every item's id, oldest first (for verifying all of them).
    public func evidenceIDs() async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT id FROM evidence_items ORDER BY created_at, id").all(
                decodingColumn: "id", as: String.self)
        }
    }

    /// The stored custody entries of an item, as they are (for verification).
    public func storedCustody(of id: String) async throws -> [CustodyEntry] {
        try await database.read { db in try await Self.custodyEntries(of: id, in: db) }
    }

    // MARK: - Rows, keys and notes

    func visibleEvidenceRow(_ id: String, access: RecordAccess, in db: any SQLDatabase) async throws -> EvidenceRow {
        guard
            let row = try await db.raw("SELECT \(EvidenceRow.columns) FROM evidence_items WHERE id = \(bind: id)")
                .first(decoding: EvidenceRow.self), access.seesIdentities, let record = RecordID(row.record_id),
            (try? await visibleRow(record, access: access, in: db)) != nil
        else { throw StoreError.noSuchEvidence(id) }
        return row
    }

    func openEvidence(_ row: EvidenceRow) throws -> EvidenceItem {
        guard let keyring = protection.keyring, let record = RecordID(row.record_id) else {
            throw StoreError.damaged("evidence item \(row.id)")
        }
        let json = try SealedValue.open(row.description, record: row.id, field: "evidence", key: keyring.key)
        let description = try JSONDecoder().decode(EvidenceDescription.self, from: Data(json.utf8))
        return EvidenceItem(
            id: row.id, recordID: record, parentID: row.parent_id, description: description, createdAt: row.created_at,
            createdBy: row.created_by)
    }

    func evidenceKey(_ id: String) async throws -> DataKey {
        guard let keyring = protection.keyring else { throw KeyError.unknownKey(id) }
        return try await keyring.key(id, reloadingFrom: database)
    }

    /// The content's address: HMAC-SHA256 of its SHA-256 under the installation's evidence key.
    func contentAddress(_ sha256: String) async throws -> String {
        guard let keyring = protection.keyring else { throw KeyError.unknownKey("@evidence") }
        let key = try await keyring.installationKey(.evidence, in: database, now: Timestamp.format(clock()))
        return BlindIndex(key: key).digest("evidence-content:" + sha256)
    }

    /// A custody field (a content hash or the note) as stored: sealed under the item's key and bound
    /// to its entry and field, so a copy of the database shows neither notes nor the content's hashes.
    func sealCustody(_ value: String, item: String, index: Int, field: String, key: DataKey) throws -> String {
        value.isEmpty ? "" : try SealedValue.seal(value, with: key, record: item, field: "custody.\(index).\(field)")
    }

    func openCustody(
        _ stored: String, item: String, index: Int, field: String, key: (String) throws -> DataKey
    ) throws -> String {
        stored.isEmpty ? "" : try SealedValue.open(stored, record: item, field: "custody.\(index).\(field)", key: key)
    }

    static func keyID(of item: String, in db: any SQLDatabase) async throws -> String {
        guard
            let id = try await db.raw("SELECT key_id FROM evidence_items WHERE id = \(bind: item)").first(
                decodingColumn: "key_id", as: String.self)
        else { throw StoreError.noSuchEvidence(item) }
        return id
    }

    static func insert(_ entry: CustodyEntry, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO evidence_custody (item_id, idx, event, actor, at, from_hash, to_hash, note, previous, hash)
            VALUES (\(bind: entry.item), \(bind: entry.index), \(bind: entry.event.rawValue), \(bind: entry.actor),
                \(bind: entry.at), \(bind: entry.fromHash), \(bind: entry.toHash), \(bind: entry.note),
                \(bind: entry.previous), \(bind: entry.hash))
            """
        ).run()
    }

    static func custodyEntries(of item: String, in db: any SQLDatabase) async throws -> [CustodyEntry] {
        try await db.raw(
            """
            SELECT item_id, idx, event, actor, at, from_hash, to_hash, note, previous, hash
            FROM evidence_custody WHERE item_id = \(bind: item) ORDER BY idx
            """
        ).all(decoding: CustodyRow.self).map(\.entry)
    }

    static func lastCustody(of item: String, in db: any SQLDatabase) async throws -> CustodyEntry? {
        try await db.raw(
            """
            SELECT item_id, idx, event, actor, at, from_hash, to_hash, note, previous, hash
            FROM evidence_custody WHERE item_id = \(bind: item) ORDER BY idx DESC LIMIT 1
            """
        ).first(decoding: CustodyRow.self)?.entry
    }
}

/// An item's id and key.
struct ItemKeyRow: Decodable {
    let id: String
    let key_id: String
}

/// A row of `evidence_items`.
struct EvidenceRow: Decodable {
    let id: String
    let record_id: String
    let parent_id: String?
    let description: String
    let created_at: String
    let created_by: String

    static let columns: SQLQueryString = "id, record_id, parent_id, description, created_at, created_by"
}

/// A row of `evidence_custody`.
struct CustodyRow: Decodable {
    let item_id: String
    let idx: Int
    let event: String
    let actor: String
    let at: String
    let from_hash: String
    let to_hash: String
    let note: String
    let previous: String
    let hash: String

    var entry: CustodyEntry {
        CustodyEntry(
            item: item_id, index: idx, event: CustodyEntry.Event(rawValue: event) ?? .view, actor: actor, at: at,
            fromHash: from_hash, toHash: to_hash, note: note, previous: previous, hash: hash)
    }
}
