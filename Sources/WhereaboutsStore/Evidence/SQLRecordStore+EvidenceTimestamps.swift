import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity

/// Each evidence item's own trusted timestamp in the store (decision 0029): kept with a `timestamp`
/// custody entry in one transaction; the statement sealed under the item's key.
extension SQLRecordStore {
    /// Keeps `stamp` for `item` with a `timestamp` custody entry (the note names the authority and
    /// the time it granted), with what `also` adds in the same transaction (the entry's audit entry).
    /// An item has at most one; a second is refused.
    public func recordEvidenceTimestamp(
        _ stamp: ItemTimestamp, of item: EvidenceItem, actor: String,
        also: @escaping @Sendable (CustodyEntry) -> AlsoInTransaction
    ) async throws -> CustodyEntry {
        let key = try await evidenceKey(try await database.read { db in try await Self.keyID(of: item.id, in: db) })
        let statement = try SealedValue.seal(stamp.statement.text, with: key, record: item.id, field: "timestamp")
        let now = Timestamp.format(clock())
        return try await appendCustody(
            to: item, event: .timestamp, actor: actor, fromHash: item.sha256, toHash: item.sha256,
            note: "RFC 3161 timestamp from \(stamp.authority), granted \(stamp.time)"
        ) { entry in
            { db in
                guard
                    try await db.raw("SELECT item_id FROM evidence_timestamps WHERE item_id = \(bind: item.id)")
                        .first() == nil
                else {
                    throw StoreError.invalid([FieldIssue(path: "/item", message: "\(item.id) is already timestamped")])
                }
                try await db.raw(
                    """
                    INSERT INTO evidence_timestamps
                        (item_id, authority, granted_at, statement, query, reply, certificates, created_at)
                    VALUES (\(bind: item.id), \(bind: stamp.authority), \(bind: stamp.time), \(bind: statement),
                        \(bind: stamp.token.query), \(bind: stamp.token.reply), \(bind: stamp.token.certificates),
                        \(bind: now))
                    """
                ).run()
                try await also(entry)(db)
            }
        }
    }

    /// An item's trusted timestamp, nil while it has none. The caller has checked the item may be seen.
    public func evidenceTimestamp(of item: EvidenceItem) async throws -> ItemTimestamp? {
        guard
            let row = try await database.read({ db in
                try await db.raw(
                    """
                    SELECT authority, granted_at, statement, query, reply, certificates
                    FROM evidence_timestamps WHERE item_id = \(bind: item.id)
                    """
                ).first(decoding: TimestampRow.self)
            })
        else { return nil }
        guard let keyring = protection.keyring else { throw KeyError.unknownKey("evidence") }
        let text = try await openingKeys {
            try SealedValue.open(row.statement, record: item.id, field: "timestamp", key: keyring.key)
        }
        guard let statement = TimestampStatement(parsing: text) else {
            throw StoreError.damaged("the timestamp statement of evidence item \(item.id)")
        }
        return ItemTimestamp(
            item: item.id, authority: row.authority, time: row.granted_at, statement: statement,
            token: TimestampToken(query: row.query, reply: row.reply, certificates: row.certificates))
    }

    /// The ids of every item without a trusted timestamp, oldest first (the operator's list).
    public func untimestampedEvidenceIDs() async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT id FROM evidence_items
                WHERE id NOT IN (SELECT item_id FROM evidence_timestamps) ORDER BY created_at, id
                """
            ).all(decodingColumn: "id", as: String.self)
        }
    }
}

/// A row of `evidence_timestamps`.
private struct TimestampRow: Decodable {
    let authority: String
    let granted_at: String
    let statement: String
    let query: Data
    let reply: Data
    let certificates: Data
}
