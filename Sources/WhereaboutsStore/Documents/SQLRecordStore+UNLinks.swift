import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsDocuments

/// A record linked to a recommendation, as a reader who may see it sees it.
public struct UNLinkedRecord: Sendable, Hashable {
    public let id: RecordID
    public let kind: RecordKind
    /// The record's title; for persons and sources, whose title names someone, their pseudonym
    /// (every reader may be shown it); nil for other kinds with identifying fields.
    public let title: String?
    public let note: String?
    public let linkedBy: String
    public let linkedAt: String
}

/// A recommendation a record is linked to.
public struct UNRecommendationLink: Sendable, Hashable {
    public let symbol: UNSymbol
    public let number: String
    public let text: String
    public let note: String?
}

extension SQLRecordStore {
    /// Links recommendation `number` of `symbol` to `record`, which `access` must see (a record it
    /// may not see is "not found", as if it did not exist). Linking twice keeps the first link.
    /// Record pages show their links, so the store's generation moves on.
    public func linkUNRecommendation(
        symbol: UNSymbol, number: String, to record: RecordID, note: String?, by actor: String,
        access: RecordAccess, at now: Date, alsoInTransaction: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    ) async throws {
        _ = try await kind(of: record, access: access)
        let held = try await heldUNSymbol(symbol) ?? symbol
        let note = note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        try await changingWrite { db in
            let id = try await Self.recommendationID(held, number, in: db)
            try await db.raw(
                """
                INSERT INTO un_links (recommendation_id, record_id, note, linked_by, linked_at)
                VALUES (\(bind: id), \(bind: record.description), \(bind: note), \(bind: actor), \(bind: Timestamp.format(now)))
                ON CONFLICT (recommendation_id, record_id) DO NOTHING
                """
            ).run()
            try await alsoInTransaction?(db)
        }
    }

    /// The live records linked to recommendation `number` of `symbol` that `access` may see.
    public func unLinkedRecords(symbol: UNSymbol, number: String, access: RecordAccess) async throws
        -> [UNLinkedRecord]
    {
        let held = try await heldUNSymbol(symbol) ?? symbol
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT r.id, r.kind, r.title, l.note, l.linked_by, l.linked_at FROM un_links l
                JOIN un_recommendations u ON u.id = l.recommendation_id
                JOIN records r ON r.id = l.record_id
                WHERE u.symbol = \(bind: held.description) AND u.number = \(bind: number) AND r.deleted = 0
                    \(access.visibleClause(recordColumn: "r.id"))
                ORDER BY l.linked_at, r.id
                """
            ).all()
        }
        return try rows.compactMap { row in
            guard let id = RecordID(try row.decode(column: "id", as: String.self)),
                let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self))
            else { return nil }
            return UNLinkedRecord(
                id: id, kind: kind,
                title: kind.bodyType.summaryIdentifies
                    ? try pseudonym(of: id)
                    : kind.bodyType.identityFields.isEmpty ? try row.decode(column: "title", as: String.self) : nil,
                note: try row.decode(column: "note", as: String?.self),
                linkedBy: try row.decode(column: "linked_by", as: String.self),
                linkedAt: try row.decode(column: "linked_at", as: String.self))
        }
    }

    /// The recommendations `record` is linked to. The caller has read the record with its access:
    /// recommendations are published texts, so nothing more is hidden here.
    public func unRecommendations(linkedTo record: RecordID) async throws -> [UNRecommendationLink] {
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT u.symbol, u.number, u.body, l.note FROM un_links l
                JOIN un_recommendations u ON u.id = l.recommendation_id
                WHERE l.record_id = \(bind: record.description) ORDER BY u.symbol, u.id
                """
            ).all()
        }
        return try rows.map { row in
            let body = try JSONDecoder().decode(
                UNRecommendation.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
            return UNRecommendationLink(
                symbol: try Self.symbol(row.decode(column: "symbol", as: String.self)),
                number: try row.decode(column: "number", as: String.self), text: body.text,
                note: try row.decode(column: "note", as: String?.self))
        }
    }
}
