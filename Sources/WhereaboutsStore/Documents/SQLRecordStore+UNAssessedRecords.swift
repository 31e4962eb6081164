import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsDocuments

/// An implementation assessment that rests on a record (or on one of its evidence items), as the
/// record's page shows it.
public struct UNAssessmentOfRecord: Sendable, Hashable {
    public let symbol: UNSymbol
    public let number: String
    public let implementation: UNImplementation
    public let date: String
    public let assessedBy: String
    /// As ``RecordedUNAssessment/note``: only for a reader who sees everything the assessment rests on.
    public let note: String?
}

extension SQLRecordStore {
    /// The assessments resting on `record` or, for a reader who may see evidence items (identity
    /// access, as their pages), on one of its items; oldest first. The caller has read the record
    /// with `access`; the recommendations are published texts, and each note follows the rule of
    /// ``RecordedUNAssessment/note``.
    public func unAssessments(restingOn record: RecordID, access: RecordAccess) async throws
        -> [UNAssessmentOfRecord]
    {
        let items: SQLQueryString = access.seesIdentities ? "" : " AND e.is_item = 0"
        let restingHere: SQLQueryString =
            "SELECT e.assessment_id FROM un_assessment_evidence e WHERE e.record_id = \(bind: record.description)\(items)"
        let (rows, visible, totals) = try await database.read { db in
            (
                try await db.raw(
                    """
                    SELECT a.id, a.implementation, a.assessed_on, a.assessed_by, a.note, u.symbol, u.number
                    FROM un_assessments a JOIN un_recommendations u ON u.id = a.recommendation_id
                    WHERE a.id IN (\(restingHere)) ORDER BY a.assessed_on, a.id
                    """
                ).all(),
                try await db.raw(
                    """
                    SELECT e.assessment_id, COUNT(*) AS seen FROM un_assessment_evidence e
                    JOIN records r ON r.id = e.record_id
                    WHERE e.assessment_id IN (\(restingHere)) AND r.deleted = 0\(items)
                        \(access.visibleClause(recordColumn: "r.id"))
                    GROUP BY e.assessment_id
                    """
                ).all(),
                try await Self.evidenceCounts(of: restingHere, in: db)
            )
        }
        var seen: [Int: Int] = [:]
        for row in visible {
            seen[try row.decode(column: "assessment_id", as: Int.self)] = try row.decode(column: "seen", as: Int.self)
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int.self)
            return UNAssessmentOfRecord(
                symbol: try Self.symbol(row.decode(column: "symbol", as: String.self)),
                number: try row.decode(column: "number", as: String.self),
                implementation: UNImplementation(rawValue: try row.decode(column: "implementation", as: String.self))
                    ?? .none,
                date: try row.decode(column: "assessed_on", as: String.self),
                assessedBy: try row.decode(column: "assessed_by", as: String.self),
                note: try Self.readableNote(row, seeing: seen[id] ?? 0, of: totals[id] ?? 0))
        }
    }
}
