import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsDocuments

/// A recommendation named beside another: one it repeats, one that repeats it, or a suggestion.
public struct UNRelatedRecommendation: Sendable, Hashable {
    public let symbol: UNSymbol
    public let number: String
    public let text: String
    /// For a suggestion, how alike the words are (``UNTextSimilarity``); 1 for a link.
    public let similarity: Double
}

/// The recommendations a recommendation repeats and those that repeat it.
public struct UNRepeats: Sendable, Hashable {
    public let repeats: [UNRelatedRecommendation]
    public let repeatedBy: [UNRelatedRecommendation]
}

extension SQLRecordStore {
    /// Links recommendation `number` of `symbol` as repeating `earlierNumber` of `earlierSymbol`
    /// (a documenter's judgement; recommendations are published texts, so every reader sees the
    /// link). Both must be held, in different documents, and the earlier must not already repeat
    /// the later. Linking twice keeps the first link. `alsoInTransaction` runs in the same
    /// transaction.
    public func linkUNRepeat(
        symbol: UNSymbol, number: String, repeats earlierSymbol: UNSymbol, _ earlierNumber: String, by actor: String,
        at now: Date, alsoInTransaction: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    ) async throws {
        let later = try await heldUNSymbol(symbol) ?? symbol
        let earlier = try await heldUNSymbol(earlierSymbol) ?? earlierSymbol
        guard later != earlier else {
            throw StoreError.invalid([
                FieldIssue(path: "/repeats", message: "a recommendation repeats one of another document")
            ])
        }
        try await database.write { db in
            let laterID = try await Self.recommendationID(later, number, in: db)
            let earlierID = try await Self.recommendationID(earlier, earlierNumber, in: db)
            let reverse = try await db.raw(
                """
                SELECT 1 AS found FROM un_repeats WHERE recommendation_id = \(bind: earlierID) AND repeats_id = \(bind: laterID)
                """
            ).first()
            guard reverse == nil else {
                throw StoreError.invalid([
                    FieldIssue(path: "/repeats", message: "\(earlier) \(earlierNumber) is linked as repeating this one")
                ])
            }
            try await db.raw(
                """
                INSERT INTO un_repeats (recommendation_id, repeats_id, linked_by, linked_at)
                VALUES (\(bind: laterID), \(bind: earlierID), \(bind: actor), \(bind: Timestamp.format(now)))
                ON CONFLICT (recommendation_id, repeats_id) DO NOTHING
                """
            ).run()
            try await alsoInTransaction?(db)
        }
    }

    /// What recommendation `id` repeats and what repeats it.
    public func unRepeats(of id: Int) async throws -> UNRepeats {
        let (earlier, later) = try await database.read { db in
            (
                try await db.raw(
                    """
                    SELECT u.symbol, u.number, u.body FROM un_repeats p JOIN un_recommendations u ON u.id = p.repeats_id
                    WHERE p.recommendation_id = \(bind: id) ORDER BY u.symbol, u.id
                    """
                ).all(),
                try await db.raw(
                    """
                    SELECT u.symbol, u.number, u.body FROM un_repeats p JOIN un_recommendations u ON u.id = p.recommendation_id
                    WHERE p.repeats_id = \(bind: id) ORDER BY u.symbol, u.id
                    """
                ).all()
            )
        }
        return UNRepeats(repeats: try earlier.map(Self.related), repeatedBy: try later.map(Self.related))
    }

    /// Recommendations of other documents (addressed to the same State, when both name one) whose words are most like those of
    /// `tracked`, best first, not already linked to it either way: at most `limit`, none below
    /// `threshold`. Suggestions for a documenter; nothing is linked by them.
    public func unRepeatCandidates(
        for tracked: TrackedUNRecommendation, among all: [TrackedUNRecommendation], limit: Int = 5,
        threshold: Double = 0.3
    ) async throws -> [UNRelatedRecommendation] {
        let linked = try await unRepeats(of: tracked.id)
        let excluded = Set((linked.repeats + linked.repeatedBy).map { "\($0.symbol) \($0.number)" })
        let stems = UNTextSimilarity.stems(tracked.recommendation.text)
        guard !stems.isEmpty else { return [] }
        let scored = all.compactMap { other -> UNRelatedRecommendation? in
            guard other.symbol != tracked.symbol,
                other.recommendation.addressee == nil || tracked.recommendation.addressee == nil
                    || other.recommendation.addressee == tracked.recommendation.addressee,
                !excluded.contains("\(other.symbol) \(other.recommendation.number)")
            else { return nil }
            let score = UNTextSimilarity.score(stems, UNTextSimilarity.stems(other.recommendation.text))
            guard score >= threshold else { return nil }
            return UNRelatedRecommendation(
                symbol: other.symbol, number: other.recommendation.number, text: other.recommendation.text,
                similarity: score)
        }
        return Array(scored.sorted { $0.similarity > $1.similarity }.prefix(limit))
    }

    static func related(_ row: any SQLRow) throws -> UNRelatedRecommendation {
        let body = try JSONDecoder().decode(
            UNRecommendation.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
        return UNRelatedRecommendation(
            symbol: try symbol(row.decode(column: "symbol", as: String.self)),
            number: try row.decode(column: "number", as: String.self), text: body.text, similarity: 1)
    }
}
